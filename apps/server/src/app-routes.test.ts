// Series, model metadata, runs without a queue, and operations through app.request().
import { describe, expect, it } from 'vitest';
import { datapoints, post, SERIES, TRAINED_TO } from './testing/fixtures.js';
import { useFilledTestApp } from './testing-internal/filled-app.js';
import { expectError } from './testing-internal/http.js';

const MODEL = `${SERIES[0]}@1m`;
const enc = encodeURIComponent;

const { call, request } = useFilledTestApp();

describe('POST /v1/series/{seriesId}/score', () => {
  it('answers the ensemble result per point at the default resolutions', async () => {
    const r = await call(
      `/v1/series/${enc(SERIES[0])}/score`,
      post({ datapoints: datapoints(90, { spike: true }) }),
    );
    expect(r.status).toBe(200);
    expect(r.body.resolutions).toEqual(['1m', '15m', '1h']);
    expect(r.body.models).toEqual({
      '1m': `${SERIES[0]}@1m`,
      '15m': `${SERIES[0]}@15m`,
      '1h': `${SERIES[0]}@1h`,
    });
    const combined = r.body.anomaly_scores as number[];
    expect(combined).toHaveLength(90);
    const perRes = r.body.resolution_scores as Record<string, number[]>;
    expect(Object.keys(perRes).sort()).toEqual(['15m', '1h', '1m']);
    for (const res of ['1m', '15m', '1h']) expect(perRes[res]).toHaveLength(90);
    expect(r.body.expected).toHaveLength(90);
    expect(r.body.alerts).toHaveLength(90);
    expect(combined[89]).toBeGreaterThan(combined[0] as number);
  });

  it('uses the given resolutions, and leaves out one that is not stored', async () => {
    const r = await call(
      `/v1/series/${enc(SERIES[0])}/score`,
      post({ datapoints: datapoints(20), resolutions: ['1m', '5m'] }),
    );
    expect(r.status).toBe(200);
    expect(r.body.models).toEqual({ '1m': `${SERIES[0]}@1m`, '5m': null });
  });

  it('404 when no model of the series is stored; 400 for bad ids and resolutions', async () => {
    expectError(
      await call(`/v1/series/${enc('no/such/series')}/score`, post({ datapoints: datapoints(5) })),
      404,
      'MODEL_NOT_FOUND',
    );
    expectError(
      await call(`/v1/series/${enc('a/../b')}/score`, post({ datapoints: datapoints(5) })),
      400,
      'INVALID_REQUEST',
    );
    const message = expectError(
      await call(
        `/v1/series/${enc(SERIES[0])}/score`,
        post({ datapoints: datapoints(5), resolutions: ['1m', 'weekly'] }),
      ),
      400,
      'INVALID_REQUEST',
    );
    expect(message).toContain('resolutions[1]');
  });
});

describe('GET /v1/models/{modelId}', () => {
  it('answers kind, version, training window and artifact size', async () => {
    const r = await call(`/v1/models/${enc(`${SERIES[0]}@15m`)}`);
    expect(r.status).toBe(200);
    expect(r.body.model_id).toBe(`${SERIES[0]}@15m`);
    expect(typeof r.body.kind).toBe('string');
    expect(r.body.version).toBe(1);
    const trained = r.body.trained as { to: number; step_seconds: number; points: number };
    expect(trained.step_seconds).toBe(900);
    expect(trained.to).toBeLessThanOrEqual(TRAINED_TO);
    expect(trained.points).toBeGreaterThan(600);
    expect(r.body.artifact_bytes).toBeGreaterThan(0);
  });

  it('404 for an unknown model, 400 for a bad id', async () => {
    expectError(await call(`/v1/models/${enc('x/y@1h')}`), 404, 'MODEL_NOT_FOUND');
    expectError(await call(`/v1/models/${enc('x/y')}`), 400, 'INVALID_REQUEST');
  });
});

describe('runs without a queue', () => {
  it('503 with a clear message', async () => {
    const message = expectError(
      await call('/v1/runs', post({ fleet: {} })),
      503,
      'QUEUE_UNAVAILABLE',
    );
    expect(message).toContain('--redis');
    expectError(await call('/v1/runs/some-run'), 503, 'QUEUE_UNAVAILABLE');
  });
});

describe('operations', () => {
  it('healthz and readyz answer ok', async () => {
    expect((await call('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await call('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
  });

  it('metrics: route latency, cache counters, errors by code, store latency', async () => {
    const model = `${SERIES[0]}@1m`;
    await call('/predict', post({ model_id: model, datapoints: datapoints(5) }));
    await call('/predict', post({ model_id: model, datapoints: datapoints(5) }));
    await call('/predict', post({ model_id: 'nowhere/none@1m', datapoints: datapoints(2) }));
    const r = await request('/metrics');
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toContain(
      'myriad_http_request_duration_seconds_bucket{le="0.001",route="/predict",method="POST",status="200"}',
    );
    expect(text).toMatch(/myriad_cache_hits \d+/);
    expect(text).toMatch(/myriad_cache_misses [1-9]/);
    expect(text).toContain('myriad_cache_evictions');
    expect(text).toMatch(/myriad_cache_bytes [1-9]/);
    expect(text).toMatch(/myriad_http_errors_total\{code="MODEL_NOT_FOUND"\} [1-9]/);
    expect(text).toContain('myriad_store_duration_seconds_bucket');
    expect(text).toMatch(/myriad_cache_loads [1-9]/);
  });

  it('openapi.json documents every route from the validating schemas', async () => {
    const r = await call('/openapi.json');
    expect(r.status).toBe(200);
    const paths = Object.keys(r.body.paths as object).sort();
    expect(paths).toEqual(
      [
        '/healthz',
        '/metrics',
        '/predict',
        '/readyz',
        '/v1/models/{modelId}',
        '/v1/models/{modelId}/predict',
        '/v1/predict/batch',
        '/v1/runs',
        '/v1/runs/{id}',
        '/v1/series/{seriesId}/score',
      ].sort(),
    );
    const schemas = (r.body.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['PredictRequest', 'Datapoint', 'Error', 'BatchRequest']),
    );
  });

  it('serves the docs page and its Swagger UI files itself (no CDN)', async () => {
    const r = await request('/docs');
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/https?:\/\//);
    for (const [path, type] of [
      ['/docs/assets/swagger-ui-bundle.js', 'text/javascript'],
      ['/docs/assets/swagger-ui.css', 'text/css'],
    ] as const) {
      const asset = await request(path);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain(type);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
    expectError(await call('/docs/assets/package.json'), 404, 'ROUTE_NOT_FOUND');
    expectError(await call('/docs/assets/..%2Fpackage.json'), 404, 'ROUTE_NOT_FOUND');
  });

  it('404 JSON for an unknown route', async () => {
    expectError(await call('/nope'), 404, 'ROUTE_NOT_FOUND');
  });

  it('the bench ceiling route parses the body and answers a small object', async () => {
    const r = await call('/bench/ceiling', post({ model_id: MODEL, datapoints: datapoints(60) }));
    expect(r.body).toEqual({ ok: true, points: 60 });
  });
});
