// Predict routes through app.request(): /predict, /v1/models/{id}/predict, batch.
import { describe, expect, it } from 'vitest';
import { datapoints, post, SERIES, TRAINED_TO } from './testing/fixtures.js';
import { useFilledTestApp } from './testing-internal/filled-app.js';
import { expectError } from './testing-internal/http.js';

const MODEL = `${SERIES[0]}@1m`;
const enc = encodeURIComponent;

const { call } = useFilledTestApp();

describe('POST /predict', () => {
  it('answers one score in [0, 1] per datapoint, and a spike scores high', async () => {
    const r = await call(
      '/predict',
      post({ model_id: MODEL, datapoints: datapoints(60, { spike: true }) }),
    );
    expect(r.status).toBe(200);
    const scores = r.body.anomaly_scores as number[];
    expect(scores).toHaveLength(60);
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
    expect(scores[59]).toBeGreaterThan(0.99);
    expect(Math.max(...scores.slice(0, 59))).toBeLessThan(scores[59] as number);
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes ISO-8601 timestamps and gives the same scores as Unix seconds', async () => {
    const points = datapoints(10);
    const iso = points.map((p) => ({
      timestamp: new Date(p.timestamp * 1000).toISOString(),
      value: p.value,
    }));
    const a = await call('/predict', post({ model_id: MODEL, datapoints: points }));
    const b = await call('/predict', post({ model_id: MODEL, datapoints: iso }));
    expect(b.status).toBe(200);
    expect(b.body.anomaly_scores).toEqual(a.body.anomaly_scores);
  });

  it('scores null values 0 when others are present', async () => {
    const points: Array<{ timestamp: number; value: number | null }> = datapoints(5);
    (points[2] as { value: number | null }).value = null;
    const r = await call('/predict', post({ model_id: MODEL, datapoints: points }));
    expect(r.status).toBe(200);
    expect((r.body.anomaly_scores as number[])[2]).toBe(0);
  });

  it('echoes a sane x-request-id', async () => {
    const r = await call(
      '/predict',
      post({ model_id: MODEL, datapoints: datapoints(2) }, { 'x-request-id': 'abc-123' }),
    );
    expect(r.headers.get('x-request-id')).toBe('abc-123');
  });

  it('400 names the bad field path', async () => {
    const points: unknown[] = datapoints(5);
    points[3] = { timestamp: TRAINED_TO + 240, value: 'high' };
    const message = expectError(
      await call('/predict', post({ model_id: MODEL, datapoints: points })),
      400,
      'INVALID_REQUEST',
    );
    expect(message).toContain('datapoints[3].value');
  });

  it('400 for a missing field, an empty list, a bad timestamp and a bad model id', async () => {
    expect(
      expectError(
        await call('/predict', post({ datapoints: datapoints(2) })),
        400,
        'INVALID_REQUEST',
      ),
    ).toContain('model_id');
    expect(
      expectError(
        await call('/predict', post({ model_id: MODEL, datapoints: [] })),
        400,
        'INVALID_REQUEST',
      ),
    ).toContain('datapoints');
    const badTime = [{ timestamp: 'yesterday', value: 1 }];
    expect(
      expectError(
        await call('/predict', post({ model_id: MODEL, datapoints: badTime })),
        400,
        'INVALID_REQUEST',
      ),
    ).toContain('datapoints[0].timestamp');
    const millis = [{ timestamp: TRAINED_TO * 1000, value: 1 }];
    expectError(
      await call('/predict', post({ model_id: MODEL, datapoints: millis })),
      400,
      'INVALID_REQUEST',
    );
    expect(
      expectError(
        await call('/predict', post({ model_id: 'no-resolution', datapoints: datapoints(2) })),
        400,
        'INVALID_REQUEST',
      ),
    ).toContain('model_id');
    expectError(
      await call('/predict', post({ model_id: 'a/../b@1m', datapoints: datapoints(2) })),
      400,
      'INVALID_REQUEST',
    );
  });

  it('400 for malformed JSON', async () => {
    expectError(await call('/predict', post('{"model_id": ')), 400, 'MALFORMED_JSON');
  });

  it('404 for an unknown model', async () => {
    const message = expectError(
      await call('/predict', post({ model_id: 'nowhere/none@1m', datapoints: datapoints(2) })),
      404,
      'MODEL_NOT_FOUND',
    );
    expect(message).toContain('nowhere/none@1m');
  });

  it('413 for a body over the limit', async () => {
    const big = JSON.stringify({
      model_id: MODEL,
      datapoints: datapoints(1),
      pad: 'x'.repeat(1024 * 1024),
    });
    expectError(await call('/predict', post(big)), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('415 for a body that is not JSON', async () => {
    const init = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'model_id=x' };
    expectError(await call('/predict', init), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(
      await call('/predict', { method: 'POST', body: JSON.stringify({ model_id: MODEL }) }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('422 when every value is null, or time goes backwards', async () => {
    const nulls = datapoints(3).map((p) => ({ ...p, value: null }));
    expectError(
      await call('/predict', post({ model_id: MODEL, datapoints: nulls })),
      422,
      'UNUSABLE_INPUT',
    );
    const backwards = datapoints(3).reverse();
    const message = expectError(
      await call('/predict', post({ model_id: MODEL, datapoints: backwards })),
      422,
      'UNORDERED_DATAPOINTS',
    );
    expect(message).toContain('datapoints[1].timestamp');
  });
});

describe('POST /v1/models/{modelId}/predict', () => {
  it('scores, and explain=true adds expected and band', async () => {
    const body = post({ datapoints: datapoints(30) });
    const plain = await call(`/v1/models/${enc(MODEL)}/predict`, body);
    expect(plain.status).toBe(200);
    expect(plain.body.model_id).toBe(MODEL);
    expect(plain.body.expected).toBeUndefined();
    const explained = await call(
      `/v1/models/${enc(MODEL)}/predict?explain=true`,
      post({ datapoints: datapoints(30) }),
    );
    expect(explained.status).toBe(200);
    expect(explained.body.anomaly_scores).toEqual(plain.body.anomaly_scores);
    const expected = explained.body.expected as number[];
    const lower = explained.body.lower as number[];
    const upper = explained.body.upper as number[];
    expect(expected).toHaveLength(30);
    for (let i = 0; i < 30; i++) {
      expect(lower[i] as number).toBeLessThanOrEqual(expected[i] as number);
      expect(upper[i] as number).toBeGreaterThanOrEqual(expected[i] as number);
    }
  });

  it('400 for a bad model id or explain value, 404 for an unknown one', async () => {
    expectError(
      await call(`/v1/models/${enc('bad id@1m')}/predict`, post({ datapoints: datapoints(2) })),
      400,
      'INVALID_REQUEST',
    );
    expectError(
      await call(
        `/v1/models/${enc(MODEL)}/predict?explain=maybe`,
        post({ datapoints: datapoints(2) }),
      ),
      400,
      'INVALID_REQUEST',
    );
    expectError(
      await call(`/v1/models/${enc('x/y@1m')}/predict`, post({ datapoints: datapoints(2) })),
      404,
      'MODEL_NOT_FOUND',
    );
  });
});

describe('POST /v1/predict/batch', () => {
  it('answers every model in order; a failing one is an error entry, not a failed batch', async () => {
    const requests = [
      { model_id: MODEL, datapoints: datapoints(10) },
      { model_id: 'missing/model@1m', datapoints: datapoints(10) },
      { model_id: `${SERIES[1]}@1m`, datapoints: datapoints(10, { seriesId: SERIES[1] }) },
      { model_id: MODEL, datapoints: datapoints(3).map((p) => ({ ...p, value: null })) },
      { model_id: 'bad', datapoints: datapoints(2) },
    ];
    const r = await call('/v1/predict/batch', post({ requests }));
    expect(r.status).toBe(200);
    const results = r.body.results as Array<{
      model_id: string;
      anomaly_scores?: number[];
      error?: { code: string; message: string };
    }>;
    expect(results.map((x) => x.model_id)).toEqual(requests.map((x) => x.model_id));
    const [a, b, c, d, e] = results;
    expect(a?.anomaly_scores).toHaveLength(10);
    expect(b?.error?.code).toBe('MODEL_NOT_FOUND');
    expect(c?.anomaly_scores).toHaveLength(10);
    expect(d?.error?.code).toBe('UNUSABLE_INPUT');
    expect(e?.error?.message).toContain('requests[4].model_id');
  });

  it('gives each entry the same scores as predicting it alone (no shared buffers leak)', async () => {
    const other = `${SERIES[1]}@15m`;
    const requests = [
      { model_id: MODEL, datapoints: datapoints(40, { spike: true }) },
      { model_id: other, datapoints: datapoints(7, { seriesId: SERIES[1] }) },
      { model_id: MODEL, datapoints: datapoints(3) },
    ];
    const r = await call('/v1/predict/batch?explain=true', post({ requests }));
    const results = r.body.results as Array<Record<string, unknown>>;
    for (let i = 0; i < requests.length; i++) {
      const item = requests[i] as (typeof requests)[number];
      const alone = await call(
        `/v1/models/${enc(item.model_id)}/predict?explain=true`,
        post({ datapoints: item.datapoints }),
      );
      expect(results[i]).toEqual(alone.body);
    }
  });

  it('400 for an empty batch or a bad entry shape, naming the path', async () => {
    expectError(await call('/v1/predict/batch', post({ requests: [] })), 400, 'INVALID_REQUEST');
    const message = expectError(
      await call(
        '/v1/predict/batch',
        post({ requests: [{ model_id: MODEL, datapoints: [{ timestamp: 1 }] }] }),
      ),
      400,
      'INVALID_REQUEST',
    );
    expect(message).toContain('requests[0].datapoints[0].value');
  });
});
