import { Redis } from 'ioredis';
import { StoreError } from '../../errors.js';
import { positiveInt } from '../../validate.js';
import { GET_LATEST, PUT_VERSION, ROLLBACK_LATEST } from './scripts.js';

/** A connection with the store's Lua scripts defined (`…Buffer` variants return bytes). */
export type Commands = Redis & {
  myriadGetBuffer(key: string): Promise<Buffer | null>;
  myriadPut(
    key: string,
    version: number,
    bytes: Buffer,
    keep: number,
    runId: string,
  ): Promise<number>;
  myriadRollback(key: string, runId: string, allowRemove: string): Promise<number[]>;
};

/** The location with any password masked, for messages. */
export function maskUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** Maps an ioredis failure to a StoreError: connection trouble is `STORE_UNAVAILABLE` (retryable). */
export function redisError(what: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as Error | undefined;
  const reason = e?.message ?? String(err);
  if (e?.name === 'ReplyError') {
    return new StoreError('STORE_IO', `redis store: ${what}: ${reason}`, {
      cause: err,
      retryable: false,
    });
  }
  return new StoreError('STORE_UNAVAILABLE', `redis store: ${what}: ${reason}`, { cause: err });
}

/**
 * Connects with fail-fast settings: no offline queue, one retry per request,
 * `connectTimeoutMs` and `commandTimeoutMs` (default 2,000 each); the client
 * keeps reconnecting in the background (50 ms doubling to 2 s).
 * @throws StoreError `INVALID_OPTIONS`, `INVALID_LOCATION`, or `STORE_UNAVAILABLE`.
 */
export async function connectRedis(
  url: string,
  options: { connectTimeoutMs?: number | undefined; commandTimeoutMs?: number | undefined },
): Promise<Commands> {
  const connectTimeout = positiveInt('connectTimeoutMs', options.connectTimeoutMs, 2000);
  const commandTimeout = positiveInt('commandTimeoutMs', options.commandTimeoutMs, 2000);
  let redis: Redis;
  try {
    redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout,
      commandTimeout,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
    });
  } catch (err) {
    throw new StoreError(
      'INVALID_LOCATION',
      `cannot parse redis location: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  // Errors surface per command as STORE_UNAVAILABLE; the last one explains a failed connect.
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  redis.defineCommand('myriadGet', { numberOfKeys: 1, lua: GET_LATEST });
  redis.defineCommand('myriadPut', { numberOfKeys: 1, lua: PUT_VERSION });
  redis.defineCommand('myriadRollback', { numberOfKeys: 1, lua: ROLLBACK_LATEST });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    const reason = lastError !== undefined && lastError !== err ? ` (${lastError.message})` : '';
    throw redisError(`cannot connect to ${maskUrl(url)}${reason}`, err);
  }
  return redis as Commands;
}
