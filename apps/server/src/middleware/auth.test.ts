import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  datapoints,
  fillStore,
  post,
  SERIES,
  tempStoreDir,
} from '../testing/fixtures.js';
import { createAuth, isLoopbackHost, parseApiKeys } from './auth.js';

const KEYS = [
  { name: 'alerts', key: 'predict-key-0123456789', scopes: ['predict' as const] },
  { name: 'trainer', key: 'train-key-0123456789ab', scopes: ['train' as const] },
  { name: 'ops', key: 'admin-key-0123456789ab', scopes: ['admin' as const] },
];
const MODEL = `${SERIES[0]}@1m`;

let fixture: Awaited<ReturnType<typeof createTestApp>>;
let cleanup: () => void;

beforeAll(async () => {
  const dir = tempStoreDir();
  cleanup = dir.cleanup;
  fixture = await createTestApp(dir.location, { auth: { required: true, keys: KEYS } });
  await fillStore(fixture.store, [SERIES[0]]);
});

afterAll(async () => {
  await fixture.close();
  cleanup();
});

const predictBody = () => post({ model_id: MODEL, datapoints: datapoints(5) });

async function status(
  path: string,
  init: RequestInit = {},
  key?: string,
  header: 'bearer' | 'x-api-key' = 'bearer',
) {
  const headers = new Headers(init.headers);
  if (key !== undefined) {
    if (header === 'bearer') headers.set('authorization', `Bearer ${key}`);
    else headers.set('x-api-key', key);
  }
  const res = await fixture.app.request(path, { ...init, headers });
  const body = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
  return { status: res.status, code: body?.error?.code };
}

describe('API keys', () => {
  it('401 without a key or with an unknown one', async () => {
    expect(await status('/predict', predictBody())).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(await status('/predict', predictBody(), 'wrong-key-0123456789')).toEqual({
      status: 401,
      code: 'UNAUTHORIZED',
    });
    expect(await status('/predict', predictBody(), `${KEYS[0]?.key}x`)).toEqual({
      status: 401,
      code: 'UNAUTHORIZED',
    });
  });

  it('predict scope: predict routes, not runs or metrics', async () => {
    const key = KEYS[0]?.key;
    expect((await status('/predict', predictBody(), key)).status).toBe(200);
    expect((await status('/predict', predictBody(), key, 'x-api-key')).status).toBe(200);
    expect((await status(`/v1/models/${encodeURIComponent(MODEL)}`, {}, key)).status).toBe(200);
    expect(await status('/v1/runs', post({}), key)).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await status('/metrics', {}, key)).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('train scope: runs, not predict', async () => {
    const key = KEYS[1]?.key;
    expect(await status('/predict', predictBody(), key)).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    // Authorised, then 503: this app has no queue.
    expect(await status('/v1/runs', post({}), key)).toEqual({
      status: 503,
      code: 'QUEUE_UNAVAILABLE',
    });
  });

  it('admin scope: everything, including metrics', async () => {
    const key = KEYS[2]?.key;
    expect((await status('/predict', predictBody(), key)).status).toBe(200);
    expect((await status('/v1/runs/x', {}, key)).status).toBe(503);
    expect((await status('/metrics', {}, key)).status).toBe(200);
  });

  it('health, readiness and the API description need no key', async () => {
    expect((await status('/healthz')).status).toBe(200);
    expect((await status('/readyz')).status).toBe(200);
    expect((await status('/openapi.json')).status).toBe(200);
  });

  it('checks the key before reading the body', async () => {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken',
    };
    expect(await status('/predict', init)).toEqual({ status: 401, code: 'UNAUTHORIZED' });
  });
});

describe('auth configuration', () => {
  it('refuses required auth with no keys, short keys and unknown scopes', () => {
    expect(() => createAuth({ required: true, keys: [] })).toThrow(/MYRIAD_API_KEYS/);
    expect(() =>
      createAuth({ required: false, keys: [{ name: 'k', key: 'short', scopes: ['predict'] }] }),
    ).toThrow(/16/);
    expect(() =>
      createAuth({
        required: true,
        keys: [{ name: 'k', key: 'long-enough-key-123', scopes: ['root' as 'admin'] }],
      }),
    ).toThrow(/scope/);
  });

  it('parses MYRIAD_API_KEYS and rejects malformed entries', () => {
    expect(parseApiKeys(undefined)).toEqual([]);
    expect(parseApiKeys('[{"name":"a","key":"k","scopes":["predict"]}]')).toEqual([
      { name: 'a', key: 'k', scopes: ['predict'] },
    ]);
    expect(() => parseApiKeys('not json')).toThrow(/JSON/);
    expect(() => parseApiKeys('[{"key": 1}]')).toThrow(/MYRIAD_API_KEYS\[0\]/);
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('10.0.0.5')).toBe(false);
  });
});
