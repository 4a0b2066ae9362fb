import { type RunningServer, startServer } from '@myriad/server';
import {
  datapoints,
  kinds,
  quietLogger,
  SERIES,
  seedStore,
  tempStoreDir,
} from '@myriad/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMyriadClient, type MyriadClient } from './client.js';
import { isMyriadApiError, MyriadApiError } from './errors.js';

const KEY = 'client-test-key-0123456789';
let server: RunningServer;
let client: MyriadClient;
let cleanup: () => void;
const MODEL = `${SERIES[0]}@1m`;

beforeAll(async () => {
  const dir = tempStoreDir();
  cleanup = dir.cleanup;
  await seedStore(dir.location);
  server = await startServer({
    store: dir.location,
    registry: kinds(),
    port: 0,
    logger: quietLogger,
    auth: 'on',
    apiKeys: [{ name: 'test', key: KEY, scopes: ['predict'] }],
  });
  client = createMyriadClient(server.url, { apiKey: KEY });
});

afterAll(async () => {
  await server.close();
  cleanup();
});

async function rejection(p: Promise<unknown>): Promise<MyriadApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MyriadApiError) return err;
    throw err;
  }
  throw new Error('expected a MyriadApiError');
}

describe('createMyriadClient against a real server', () => {
  it('predicts (both forms), with explain', async () => {
    const scores = await client.predict(MODEL, datapoints(12));
    expect(scores).toHaveLength(12);
    const explained = await client.predictModel(MODEL, datapoints(12), { explain: true });
    expect(explained.anomaly_scores).toEqual(scores);
    expect(explained.expected).toHaveLength(12);
    const plain = await client.predictModel(MODEL, datapoints(3));
    expect(plain.expected).toBeUndefined();
  });

  it('batches, with an error entry for a missing model', async () => {
    const { results } = await client.predictBatch([
      { model_id: MODEL, datapoints: datapoints(4) },
      { model_id: 'no/such@1m', datapoints: datapoints(4) },
    ]);
    expect(results).toHaveLength(2);
    expect('anomaly_scores' in (results[0] as object)).toBe(true);
    expect((results[1] as { error: { code: string } }).error.code).toBe('MODEL_NOT_FOUND');
  });

  it('scores a series and reads model metadata (ids with / and @ are encoded)', async () => {
    const result = await client.scoreSeries(SERIES[1], datapoints(30, { seriesId: SERIES[1] }), {
      resolutions: ['1m', '15m'],
    });
    expect(result.resolutions).toEqual(['1m', '15m']);
    expect(result.alerts).toHaveLength(30);
    const meta = await client.getModel(`${SERIES[1]}@15m`);
    expect(meta.trained.step_seconds).toBe(900);
  });

  it('health and readiness', async () => {
    expect(await client.health()).toEqual({ status: 'ok' });
    expect((await client.ready()).status).toBe('ready');
  });

  it('throws MyriadApiError with the server code and status', async () => {
    const missing = await rejection(client.predict('no/such@1m', datapoints(2)));
    expect([missing.status, missing.code]).toEqual([404, 'MODEL_NOT_FOUND']);
    const bad = await rejection(client.predict(MODEL, [{ timestamp: 'soon', value: 1 }]));
    expect([bad.status, bad.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(bad.message).toContain('datapoints[0].timestamp');
    const forbidden = await rejection(client.createRun({}));
    expect([forbidden.status, forbidden.code]).toEqual([403, 'FORBIDDEN']);
    const anonymous = createMyriadClient(server.url);
    const unauthorized = await rejection(anonymous.predict(MODEL, datapoints(2)));
    expect(isMyriadApiError(unauthorized, 'UNAUTHORIZED')).toBe(true);
    expect(unauthorized.status).toBe(401);
  });

  it('reports a network failure as NETWORK', async () => {
    const dead = createMyriadClient('http://127.0.0.1:1');
    const err = await rejection(dead.health());
    expect([err.status, err.code]).toEqual([0, 'NETWORK']);
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => createMyriadClient('ftp://example.com')).toThrow(TypeError);
  });
});
