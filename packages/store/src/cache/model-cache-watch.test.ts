import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisStore } from '../backends/redis/redis-store.js';
import { isStoreError } from '../errors.js';
import { type RedisServer, startRedisServer } from '../redis-server/spawn.js';
import { createTestRegistry, fitTestModel } from '../testing-internal/test-kind.js';
import { createModelCache } from './model-cache.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

it('drops a model as soon as another writer changes it (Redis pub/sub)', async () => {
  const writer = await createRedisStore(server.url);
  const reader = await createRedisStore(server.url);
  const params = fitTestModel(3600, 1).params();
  // A frozen clock: only the notification can make the cache look again.
  const cache = createModelCache({
    store: reader,
    registry: createTestRegistry(),
    refreshMs: 60_000,
    now: () => 0,
  });
  try {
    await writer.put({ modelId: 'a/b@1h', params });
    expect((await cache.get('a/b@1h')).meta.version).toBe(1);
    let version = 1;
    while (version === 1) {
      await writer.put({ modelId: 'a/b@1h', params });
      await new Promise((r) => setTimeout(r, 20));
      version = (await cache.get('a/b@1h')).meta.version;
    }
    expect(version).toBeGreaterThan(1);
    expect(cache.stats().refreshes).toBe(0);
  } finally {
    cache.close();
    await writer.close();
    await reader.close();
  }
});

it('keeps serving cached models while Redis is down, and fails fast on misses', async () => {
  const own = await startRedisServer();
  const store = await createRedisStore(own.url, { commandTimeoutMs: 500, connectTimeoutMs: 500 });
  let clock = 0;
  const cache = createModelCache({
    store,
    registry: createTestRegistry(),
    refreshMs: 100,
    now: () => clock,
  });
  try {
    await store.put({ modelId: 'a/b@1h', params: fitTestModel(3600, 1).params() });
    const first = await cache.get('a/b@1h');
    await own.stop();
    clock += 1000; // due for a freshness check, which fails: the cached model is still served
    expect((await cache.get('a/b@1h')).model).toBe(first.model);
    const err = await cache.get('c/d@1h').catch((e: unknown) => e);
    expect(isStoreError(err, 'STORE_UNAVAILABLE')).toBe(true);
    expect((err as { retryable: boolean }).retryable).toBe(true);
  } finally {
    cache.close();
    await store.close();
    await own.stop();
  }
});
