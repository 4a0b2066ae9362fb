import { request as httpRequest } from 'node:http';
import { openStore, type RedisServer, startRedisServer } from '@myriad/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './main.js';
import {
  datapoints,
  fillStore,
  kinds,
  quietLogger,
  SERIES,
  tempStoreDir,
} from './testing/fixtures.js';

const MODEL = `${SERIES[0]}@1m`;
const enc = encodeURIComponent;

describe('over a real socket', () => {
  let server: RunningServer;
  let cleanup: () => void;

  beforeAll(async () => {
    const dir = tempStoreDir();
    cleanup = dir.cleanup;
    const store = await openStore(dir.location);
    await fillStore(store);
    await store.close();
    server = await startServer({
      store: dir.location,
      registry: kinds(),
      port: 0,
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await server.close();
    cleanup();
  });

  async function call(path: string, init: RequestInit = {}) {
    const res = await fetch(`${server.url}${path}`, init);
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
    return { status: res.status, body, type: res.headers.get('content-type') ?? '' };
  }
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const code = (r: { body: Record<string, unknown> }) =>
    (r.body.error as { code: string } | undefined)?.code;

  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('answers every route', async () => {
    const predict = await call('/predict', json({ model_id: MODEL, datapoints: datapoints(60) }));
    expect(predict.status).toBe(200);
    expect(predict.body.anomaly_scores).toHaveLength(60);
    const byPath = await call(
      `/v1/models/${enc(MODEL)}/predict?explain=1`,
      json({ datapoints: datapoints(5) }),
    );
    expect(byPath.status).toBe(200);
    expect(byPath.body.upper).toHaveLength(5);
    const batch = await call(
      '/v1/predict/batch',
      json({ requests: [{ model_id: MODEL, datapoints: datapoints(5) }] }),
    );
    expect(batch.status).toBe(200);
    expect(batch.body.results).toHaveLength(1);
    const series = await call(
      `/v1/series/${enc(SERIES[1])}/score`,
      json({ datapoints: datapoints(30, { seriesId: SERIES[1] }) }),
    );
    expect(series.status).toBe(200);
    expect(series.body.anomaly_scores).toHaveLength(30);
    const meta = await call(`/v1/models/${enc(MODEL)}`);
    expect(meta.status).toBe(200);
    expect(meta.body.trained).toMatchObject({ step_seconds: 60 });
    expect((await call('/healthz')).status).toBe(200);
    expect((await call('/readyz')).status).toBe(200);
    const metrics = await call('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(String(metrics.body.text)).toContain('myriad_http_request_duration_seconds');
    const openapi = await call('/openapi.json');
    expect(Object.keys(openapi.body.paths as object)).toContain('/v1/series/{seriesId}/score');
    expect((await call('/docs')).status).toBe(200);
  });

  it('answers every error status as JSON', async () => {
    expect(
      code(
        await call(
          '/predict',
          json({ model_id: MODEL, datapoints: [{ timestamp: 1, value: 'x' }] }),
        ),
      ),
    ).toBe('INVALID_REQUEST');
    expect(
      code(
        await call('/predict', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{',
        }),
      ),
    ).toBe('MALFORMED_JSON');
    const notFound = await call(
      '/predict',
      json({ model_id: 'none/here@1m', datapoints: datapoints(2) }),
    );
    expect([notFound.status, code(notFound)]).toEqual([404, 'MODEL_NOT_FOUND']);
    const big = await call(
      '/predict',
      json({ model_id: MODEL, datapoints: datapoints(1), pad: 'x'.repeat(1_100_000) }),
    );
    expect([big.status, code(big)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const text = await call('/predict', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: '1,2',
    });
    expect([text.status, code(text)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const nulls = await call(
      '/predict',
      json({ model_id: MODEL, datapoints: [{ timestamp: 1, value: null }] }),
    );
    expect([nulls.status, code(nulls)]).toEqual([422, 'UNUSABLE_INPUT']);
    const runs = await call('/v1/runs', json({}));
    expect([runs.status, code(runs)]).toEqual([503, 'QUEUE_UNAVAILABLE']);
    const route = await call('/v2/nothing');
    expect([route.status, code(route)]).toEqual([404, 'ROUTE_NOT_FOUND']);
  });

  it('413 for a chunked body over the limit (no content-length)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });
});

describe('graceful shutdown', () => {
  let redis: RedisServer;

  afterAll(async () => {
    redis.process.kill('SIGCONT');
    await redis.stop();
  });

  it('finishes in-flight requests before closing, and refuses new connections after', async () => {
    redis = await startRedisServer();
    const store = await openStore(redis.url);
    await fillStore(store, [SERIES[0]]);
    await store.close();
    const server = await startServer({
      store: redis.url,
      registry: kinds(),
      port: 0,
      logger: quietLogger,
      storeTimeoutMs: 1000,
      storeOptions: { commandTimeoutMs: 5000 },
    });
    // Freeze Redis: an uncached model's load now waits until the server's store deadline.
    redis.process.kill('SIGSTOP');
    const inFlight = fetch(`${server.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model_id: MODEL, datapoints: datapoints(3) }),
    });
    for (let i = 0; i < 100 && server.inFlight() === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(server.inFlight()).toBe(1);
    const closed = server.close();
    const res = await inFlight;
    // Answered (not cut off): the store deadline turned the wait into a clean 503.
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STORE_TIMEOUT');
    redis.process.kill('SIGCONT');
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 30_000);
});
