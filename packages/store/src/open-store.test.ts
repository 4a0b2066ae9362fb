import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError } from './errors.js';
import { openStore } from './open-store.js';
import { type RedisServer, startRedisServer } from './redis-server/spawn.js';
import { sampleParams } from './testing/index.js';

describe('openStore', () => {
  let dir: string;
  let server: RedisServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'myriad-open-'));
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens an fs store at a path, creating it', async () => {
    const location = `fs:${join(dir, 'a', 'b')}`;
    const store = await openStore(location, { fsync: false });
    expect(store.location).toBe(location);
    await store.put({ modelId: 'x/y@1m', params: sampleParams(1) });
    expect((await stat(join(dir, 'a', 'b', 'models'))).isDirectory()).toBe(true);
    await store.close();
  });

  it('opens a redis store from a redis:// url', async () => {
    const store = await openStore(server.url);
    expect(store.location).toBe(server.url);
    await store.put({ modelId: 'x/y@1m', params: sampleParams(2) });
    expect((await store.get('x/y@1m'))?.meta.version).toBe(1);
    await store.close();
  });

  it.each([
    ['', 'INVALID_LOCATION'],
    ['fs:', 'INVALID_LOCATION'],
    ['fs:a\0b', 'INVALID_LOCATION'],
    ['./models', 'INVALID_LOCATION'],
    ['s3://bucket/models', 'INVALID_LOCATION'],
    ['redis://127.0.0.1:1/0', 'STORE_UNAVAILABLE'],
  ])('rejects %j with %s', async (location, code) => {
    const err = await openStore(location, { connectTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(isStoreError(err)).toBe(true);
    expect((err as { code: string }).code).toBe(code);
  });

  it('rejects bad options before touching anything', async () => {
    const err = await openStore(`fs:${join(dir, 'c')}`, { keepVersions: 0 }).catch(
      (e: unknown) => e,
    );
    expect(isStoreError(err, 'INVALID_OPTIONS')).toBe(true);
    await expect(stat(join(dir, 'c'))).rejects.toThrow(/ENOENT/);
  });
});
