import { StoreError } from '../../errors.js';
import type { ModelStore, OpenStoreOptions } from '../../store.js';

/** Connects to Redis at `url` and returns a store over it. */
export async function createRedisStore(
  url: string,
  options: OpenStoreOptions = {},
): Promise<ModelStore> {
  void url;
  void options;
  throw new StoreError('INVALID_LOCATION', 'redis store: being implemented');
}
