import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../../errors.js';
import { describeStoreContract, sampleParams } from '../../testing/index.js';
import { createFsStore } from './fs-store.js';
import { modelDir } from './layout.js';

describeStoreContract('fs', async () => {
  const root = await mkdtemp(join(tmpdir(), 'myriad-fs-contract-'));
  return {
    open: (options) => createFsStore(join(root, 'store'), { fsync: false, ...options }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describeStoreContract('fs (async reads)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'myriad-fs-contract-'));
  return {
    open: (options) =>
      createFsStore(join(root, 'store'), { fsync: true, syncReads: false, ...options }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe('fs store', () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
  });
  async function fresh() {
    const root = await mkdtemp(join(tmpdir(), 'myriad-fs-'));
    roots.push(root);
    return { root, store: await createFsStore(join(root, 'store')) };
  }

  it('keeps every file under the root, whatever ids are tried', async () => {
    const { root, store } = await fresh();
    const tries = ['../x@1m', '/tmp/x@1m', 'a/../../x@1m', '..@1m', 'a\0/b@1m', 'ａ/b@1m'];
    for (const id of tries) {
      await store.put({ modelId: id, params: sampleParams(1) }).catch(() => {});
    }
    await store.put({ modelId: 'a..b/..c/c..@1m', params: sampleParams(2) });
    expect(await readdir(root)).toEqual(['store']);
    expect(
      modelDir(join(root, 'store'), 'a..b/..c/c..@1m').startsWith(join(root, 'store', 'models')),
    ).toBe(true);
    expect((await store.get('a..b/..c/c..@1m'))?.meta.version).toBe(1);
  });

  it('reports a damaged artifact as CORRUPT_ARTIFACT', async () => {
    const { root, store } = await fresh();
    await store.put({ modelId: 'a/b@1m', params: sampleParams(1) });
    const file = join(modelDir(join(root, 'store'), 'a/b@1m'), 'latest');
    const bytes = await readFile(file);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0x10;
    await writeFile(file, bytes);
    const err = await store.get('a/b@1m').catch((e: unknown) => e);
    expect(isStoreError(err, 'CORRUPT_ARTIFACT')).toBe(true);
  });

  it('shards model folders two levels deep by hash', async () => {
    const { root, store } = await fresh();
    await store.putMany(
      Array.from({ length: 300 }, (_, i) => ({ modelId: `r/h${i}/m@1m`, params: sampleParams(i) })),
    );
    const top = await readdir(join(root, 'store', 'models'));
    expect(top.length).toBeGreaterThan(150); // 300 ids in 256 buckets: ~177 expected
    expect(top.every((n) => /^[0-9a-f]{2}$/.test(n))).toBe(true);
  });

  it('never hands out one version number twice, even while trimming to one version', async () => {
    const { root } = await fresh();
    const stores = await Promise.all(
      Array.from({ length: 8 }, () =>
        createFsStore(join(root, 'store'), { keepVersions: 1, fsync: false }),
      ),
    );
    const metas = await Promise.all(
      stores.flatMap((store, w) =>
        Array.from({ length: 12 }, (_, r) =>
          store.put({ modelId: 'hot/m@1m', params: sampleParams(w * 100 + r) }),
        ),
      ),
    );
    const versions = metas.map((m) => m.version);
    expect(new Set(versions).size).toBe(96);
    const latest = await stores[0]?.get('hot/m@1m');
    expect(latest?.meta.version).toBe(Math.max(...versions));
    expect((await stores[3]?.versions('hot/m@1m'))?.map((v) => v.version)).toEqual([
      Math.max(...versions),
    ]);
  }, 120_000);

  it("removes a crashed writer's old temp files when opening, keeping fresh ones", async () => {
    const { root } = await fresh();
    const tmp = join(root, 'store', 'tmp');
    await writeFile(join(tmp, 'old'), 'x');
    await writeFile(join(tmp, 'new'), 'y');
    const hoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    await utimes(join(tmp, 'old'), hoursAgo, hoursAgo);
    await createFsStore(join(root, 'store'));
    expect(await readdir(tmp)).toEqual(['new']);
  });

  it('rejects a bad keepVersions and location', async () => {
    await expect(createFsStore('x', { keepVersions: 0 })).rejects.toThrow(/keepVersions/);
    await expect(createFsStore('')).rejects.toThrow(/root/);
  });
});
