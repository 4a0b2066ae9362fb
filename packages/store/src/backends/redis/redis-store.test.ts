import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError } from '../../errors.js';
import { type RedisServer, startRedisServer } from '../../redis-server/spawn.js';
import { describeStoreContract, sampleParams } from '../../testing/index.js';
import { createRedisStore } from './redis-store.js';

let server: RedisServer;
let db = 0;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

describeStoreContract('redis', async () => {
  // A unique key prefix per test: tests share one server but never each other's keys.
  const prefix = `t${++db}-${Date.now()}:`;
  return {
    open: (options) => createRedisStore(server.url, { keyPrefix: prefix, ...options }),
    cleanup: async () => {},
  };
});

describe('redis store', () => {
  it('fails fast with a retryable STORE_UNAVAILABLE when Redis goes away, and recovers', async () => {
    const own = await startRedisServer();
    const store = await createRedisStore(own.url, { commandTimeoutMs: 500, connectTimeoutMs: 500 });
    try {
      await store.put({ modelId: 'a/b@1m', params: sampleParams(1) });
      await own.stop();
      for (const op of [
        () => store.get('a/b@1m'),
        () => store.put({ modelId: 'a/b@1m', params: sampleParams(2) }),
        () => store.getMany(['a/b@1m']),
      ]) {
        const err = await op().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isStoreError(err, 'STORE_UNAVAILABLE')).toBe(true);
        expect((err as { retryable: boolean }).retryable).toBe(true);
      }
    } finally {
      await store.close();
      await own.stop();
    }
  });

  it('refuses to open when nothing listens, with STORE_UNAVAILABLE', async () => {
    const own = await startRedisServer();
    await own.stop();
    const err = await createRedisStore(own.url, { connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(isStoreError(err, 'STORE_UNAVAILABLE')).toBe(true);
  });

  it('tells watchers which model changed', async () => {
    const writer = await createRedisStore(server.url, { keyPrefix: 'watch:' });
    const reader = await createRedisStore(server.url, { keyPrefix: 'watch:' });
    try {
      const seen: string[] = [];
      const got = new Promise<void>((resolve) => {
        reader.watch?.((id) => {
          seen.push(id);
          if (seen.length === 2) resolve();
        });
      });
      // The subscription is asynchronous: keep writing until the watcher hears.
      let n = 0;
      const timer = setInterval(() => {
        void writer.put({ modelId: 'w/x@1m', params: sampleParams(n++) });
      }, 20);
      await got;
      clearInterval(timer);
      expect(seen.every((id) => id === 'w/x@1m')).toBe(true);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('rejects a bad key prefix', async () => {
    await expect(createRedisStore(server.url, { keyPrefix: 'a*b' })).rejects.toThrow(/keyPrefix/);
  });
});
