export { createModelCache } from './model-cache.js';
export type { CachedModel, CacheStats, ModelCache, ModelCacheOptions } from './types.js';
