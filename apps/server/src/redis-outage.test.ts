import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type RedisServer, startRedisServer } from '@myriad/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './main.js';
import { datapoints, fillStore, kinds, quietLogger, SERIES } from './testing/fixtures.js';

// A server on a redis:// store whose Redis goes away and comes back, without a server restart.
let redis: RedisServer;
let server: RunningServer;
let dir: string;
const A = `${SERIES[0]}@1m`;
const B = `${SERIES[1]}@1m`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'myriad-outage-'));
  redis = await startRedisServer({ dir, persist: true });
  const store = await openStore(redis.url);
  await fillStore(store);
  await store.close();
  server = await startServer({
    store: redis.url,
    registry: kinds(),
    port: 0,
    logger: quietLogger,
    storeTimeoutMs: 1500,
    storeOptions: { connectTimeoutMs: 1000, commandTimeoutMs: 1000 },
  });
});

afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function predict(modelId: string) {
  const res = await fetch(`${server.url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model_id: modelId, datapoints: datapoints(10) }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { anomaly_scores?: number[]; error?: { code: string } },
  };
}

describe('Redis outage behind a redis:// store', () => {
  it('cached models keep answering, uncached get 503 without hanging, and it recovers', async () => {
    const warm = await predict(A);
    expect(warm.status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    await redis.stop();

    const cached = await predict(A);
    expect(cached.status).toBe(200);
    expect(cached.body.anomaly_scores).toEqual(warm.body.anomaly_scores);

    const uncached = await predict(B);
    expect(uncached.status).toBe(503);
    expect(['STORE_UNAVAILABLE', 'STORE_TIMEOUT']).toContain(uncached.body.error?.code);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { status: string }).status).toBe('unavailable');

    // Redis returns on the same port with its saved data; the server reconnects by itself.
    redis = await startRedisServer({ port: redis.port, dir, persist: true });
    let recovered = await predict(B);
    for (let i = 0; i < 50 && recovered.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      recovered = await predict(B);
    }
    expect(recovered.status).toBe(200);
    expect(recovered.body.anomaly_scores).toHaveLength(10);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await predict(A)).status).toBe(200);
  }, 60_000);
});
