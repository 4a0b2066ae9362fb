import { openStore, type RedisServer, startRedisServer } from '@myriad/store';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from './main.js';
import { startServerFromConfig } from './serve-config.js';
import { datapoints, fillStore, SERIES, tempStoreDir } from './testing/fixtures.js';
import { loopbackConfig } from './testing-internal/config.js';
import { expectPredictOverSocket } from './testing-internal/http.js';

let redis: RedisServer;
let server: RunningServer;
let cleanup: () => void;

beforeAll(async () => {
  redis = await startRedisServer();
  const dir = tempStoreDir();
  cleanup = dir.cleanup;
  server = await startServerFromConfig(
    loopbackConfig(dir.location, { redisUrl: redis.url }),
    pino({ level: 'silent' }),
  );
});

afterAll(async () => {
  await server.close();
  await redis.stop();
  cleanup();
});

const fleet = { regions: ['r1'], hostsPerRegion: 1, metrics: ['cpu'] };
const postRun = (spec: unknown) =>
  fetch(`${server.url}/v1/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });

describe('a server started from config with a queue', () => {
  it('enqueues a synthetic run over a real socket', async () => {
    const res = await postRun({ fleet, source: 'synthetic' });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { run_id: string }).run_id).toMatch(/^r\d/);
  });

  it('refuses a csv source: an API caller may not make workers read a folder', async () => {
    const res = await postRun({ fleet, source: 'csv:/etc' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_SPEC');
    expect(body.error.message).toMatch(/source\.type/);
  });
});

describe('process metrics', () => {
  it('a server process from config exposes GC pauses and event-loop lag on /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    expect(text).toMatch(/^# TYPE nodejs_gc_duration_seconds histogram/m);
    expect(text).toMatch(/^myriad_http_request_duration_seconds_bucket/m);
  });
});

describe('fsSyncReads: false', () => {
  it('serves a filled fs store through thread-pool reads', async () => {
    const dir = tempStoreDir();
    try {
      const store = await openStore(dir.location);
      await fillStore(store);
      await store.close();
      const asyncServer = await startServerFromConfig(
        loopbackConfig(dir.location, { fsSyncReads: false }),
        pino({ level: 'silent' }),
      );
      try {
        await expectPredictOverSocket(asyncServer.url, `${SERIES[0]}@1m`, datapoints(3));
      } finally {
        await asyncServer.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
