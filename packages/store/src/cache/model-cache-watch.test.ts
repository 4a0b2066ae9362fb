import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisStore } from '../backends/redis/redis-store.js';
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
