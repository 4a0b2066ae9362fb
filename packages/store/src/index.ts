// Public API of @myriad/store. Named exports only.

export { createFsStore, type FsStoreOptions } from './backends/fs/fs-store.js';
export { createRedisStore } from './backends/redis/redis-store.js';
export {
  type CachedModel,
  type CacheStats,
  createModelCache,
  type ModelCache,
  type ModelCacheOptions,
} from './cache/index.js';
export {
  ARTIFACT_FORMAT_VERSION,
  type ArtifactHeader,
  type Compression,
  crc32,
  decodeArtifact,
  decodeWith,
  type EncodeOptions,
  encodeArtifact,
  encodeWith,
  fflateCompression,
  nodeCompression,
  readArtifactMeta,
  readMetaWith,
  setArtifactVersion,
  stampVersionWith,
} from './codec/index.js';
export { isStoreError, StoreError, type StoreErrorCode } from './errors.js';
export { openStore } from './open-store.js';
export {
  findFreePort,
  type RedisServer,
  type RedisServerOptions,
  startRedisServer,
} from './redis-server/spawn.js';
export type {
  ArtifactMeta,
  ModelStore,
  OpenStoreOptions,
  PutEntry,
  RollbackResult,
  RollbackRunResult,
  StoredModel,
} from './store.js';
