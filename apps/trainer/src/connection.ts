import { Redis, type RedisOptions } from 'ioredis';
import { TrainerError } from './errors.js';

/** How to reach Redis: a `redis://` / `rediss://` URL or ioredis options. */
export type TrainerConnection = string | RedisOptions;

/**
 * ioredis options for a connection. BullMQ workers need
 * `maxRetriesPerRequest: null` (blocking commands), so it is always set.
 * @throws TrainerError `INVALID_OPTIONS` for a URL that is not `redis://` or `rediss://`.
 */
export function redisOptions(connection: TrainerConnection): RedisOptions {
  if (typeof connection !== 'string') return { ...connection, maxRetriesPerRequest: null };
  let url: URL;
  try {
    url = new URL(connection);
  } catch {
    throw new TrainerError(
      'INVALID_OPTIONS',
      `Redis URL ${JSON.stringify(connection)} is not a URL (expected redis://host:port/db)`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new TrainerError(
      'INVALID_OPTIONS',
      `Redis URL must start with redis:// or rediss://, got ${JSON.stringify(connection)}`,
    );
  }
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) {
    throw new TrainerError(
      'INVALID_OPTIONS',
      `Redis URL database must be a number, got ${JSON.stringify(url.pathname.slice(1))}`,
    );
  }
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
    db,
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** A printable form of a connection, without the password. */
export function describeConnection(connection: TrainerConnection): string {
  const o = redisOptions(connection);
  return `redis://${o.host ?? '127.0.0.1'}:${o.port ?? 6379}/${o.db ?? 0}`;
}

/**
 * Opens an ioredis client and waits until it answers PING, failing fast
 * instead of retrying forever when Redis is unreachable.
 * @param timeoutMs how long to wait for the first connection; default 3,000.
 * @throws TrainerError `REDIS_UNAVAILABLE` naming the address when it cannot connect in time.
 */
export async function connectRedis(
  connection: TrainerConnection,
  timeoutMs = 3000,
): Promise<Redis> {
  const options = redisOptions(connection);
  const client = new Redis({
    ...options,
    lazyConnect: true,
    enableOfflineQueue: true,
    connectTimeout: timeoutMs,
  });
  let lastError: Error | undefined;
  const onError = (err: Error) => {
    lastError = err;
  };
  client.on('error', onError);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(lastError ?? new Error(`no answer in ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (err) {
    client.disconnect();
    const reason = (lastError ?? (err as Error)).message;
    throw new TrainerError(
      'REDIS_UNAVAILABLE',
      `cannot reach Redis at ${describeConnection(connection)}: ${reason} (start redis-server, or set --redis / MYRIAD_REDIS_URL)`,
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
  return client;
}
