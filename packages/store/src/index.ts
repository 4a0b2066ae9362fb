// Public API of @myriad/store. Named exports only.
export { isStoreError, StoreError, type StoreErrorCode } from './errors.js';
export {
  findFreePort,
  type RedisServer,
  type RedisServerOptions,
  startRedisServer,
} from './redis-server/spawn.js';
