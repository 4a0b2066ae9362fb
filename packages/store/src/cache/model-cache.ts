import { StoreError } from '../errors.js';
import type { ModelCache, ModelCacheOptions } from './types.js';

/**
 * Creates a {@link ModelCache} over a store.
 * @throws StoreError `INVALID_OPTIONS` for a non-positive `maxBytes` or negative times.
 */
export function createModelCache(options: ModelCacheOptions): ModelCache {
  void options;
  throw new StoreError('INVALID_OPTIONS', 'model cache: being implemented');
}
