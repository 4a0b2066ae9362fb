import { StoreError } from './errors.js';
import type { ModelStore, OpenStoreOptions } from './store.js';

/**
 * Opens a store from a location string:
 * - `fs:PATH` — the embedded default; PATH relative to the working directory
 *   (created if missing), e.g. `fs:./.myriad/models`.
 * - `redis://[user:pass@]host:port[/db]` (or `rediss://`) — shared by many
 *   servers and workers; connects before resolving.
 * @throws StoreError `INVALID_LOCATION` for anything else, `INVALID_OPTIONS`
 *   for bad options, `STORE_UNAVAILABLE` when Redis cannot be reached within
 *   `connectTimeoutMs`, `STORE_IO` when the fs root cannot be created.
 */
export async function openStore(
  location: string,
  options: OpenStoreOptions = {},
): Promise<ModelStore> {
  if (typeof location !== 'string' || location.length === 0) {
    throw new StoreError(
      'INVALID_LOCATION',
      'store location must be a non-empty string like fs:./.myriad/models or redis://host:6379/0',
    );
  }
  if (location.startsWith('fs:')) {
    const path = location.slice(3);
    if (path.length === 0 || path.includes('\0')) {
      throw new StoreError(
        'INVALID_LOCATION',
        `store location ${JSON.stringify(location)} needs a path after fs:`,
      );
    }
    const { createFsStore } = await import('./backends/fs/fs-store.js');
    return createFsStore(path, { ...options, location });
  }
  if (location.startsWith('redis://') || location.startsWith('rediss://')) {
    const { createRedisStore } = await import('./backends/redis/redis-store.js');
    return createRedisStore(location, options);
  }
  throw new StoreError(
    'INVALID_LOCATION',
    `store location ${JSON.stringify(location.slice(0, 80))} must start with fs: or redis://`,
  );
}
