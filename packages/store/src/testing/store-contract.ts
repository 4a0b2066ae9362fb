import type { ModelParams, ParamBlock } from '@myriad/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import type { ModelStore } from '../store.js';
import { sampleParams } from './sample-params.js';

/** What {@link describeStoreContract} needs from a backend, created fresh for each test. */
export interface StoreContractHarness {
  /**
   * Opens a store instance over this test's (initially empty) data. Called
   * several times per test: every instance must see the same models, as
   * separate processes would. Instances are closed by the suite.
   */
  open(options?: { keepVersions?: number }): Promise<ModelStore>;
  /** Removes this test's data. */
  cleanup(): Promise<void>;
}

const BAD_IDS: ReadonlyArray<[string, unknown]> = [
  ['parent segments', '../../etc/passwd@1m'],
  ['a relative segment inside', 'a/../b@1m'],
  ['an absolute path', '/etc/passwd@1m'],
  ['a NUL byte', 'a/b\0c@1m'],
  ['an over-long id', `${'a'.repeat(1100)}@1m`],
  ['a fullwidth solidus', 'a\uff0fb@1m'],
  ['a two-dot leader', 'a/\u2025/b@1m'],
  ['a right-to-left override', 'a/b\u202e@1m'],
  ['a combining mark', 'a/be\u0301@1m'],
  ['a backslash', 'a\\..\\b@1m'],
  ['an empty segment', 'a//b@1m'],
  ['no resolution', 'a/b'],
  ['a non-string', 42],
];

function sameParams(a: ModelParams, b: ModelParams): void {
  expect(b.kind).toBe(a.kind);
  expect(b.header).toEqual(a.header);
  expect(b.info).toEqual(a.info);
  for (const [name, block] of Object.entries(a.blocks)) {
    expect(Array.from(b.blocks[name] as ParamBlock)).toEqual(Array.from(block));
  }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isStoreError(err)) return err.code;
    throw err;
  }
  return 'no error';
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const id of it) out.push(id);
  return out.sort();
}

/**
 * The contract every {@link ModelStore} backend passes: put/get/getMany/list/
 * delete, missing models, invalid ids, versions, rollback (one model and a
 * run) and concurrent writers from several store instances.
 * Call it at the top level of a vitest file.
 */
export function describeStoreContract(
  name: string,
  setup: () => Promise<StoreContractHarness>,
): void {
  describe(`${name} store contract`, () => {
    let harness: StoreContractHarness;
    const opened: ModelStore[] = [];
    const open = async (options?: { keepVersions?: number }) => {
      const store = await harness.open(options);
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      harness = await setup();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      await harness.cleanup();
    });

    it('answers absent for a model never stored', async () => {
      const store = await open();
      expect(await store.get('r/h/m@1m')).toBeUndefined();
      expect(await store.getArtifact('r/h/m@1m')).toBeUndefined();
      expect(await store.stat('r/h/m@1m')).toBeUndefined();
      expect(await store.versions('r/h/m@1m')).toEqual([]);
      expect(await store.delete('r/h/m@1m')).toBe(false);
      expect(await store.getMany(['r/h/m@1m', 'r/h/m@1h'])).toEqual([undefined, undefined]);
      expect(await codeOf(store.rollback('r/h/m@1m'))).toBe('NOT_FOUND');
      expect(await collect(store.list())).toEqual([]);
      expect(await store.rollbackRun('no-such-run')).toEqual({
        runId: 'no-such-run',
        models: 0,
        rolledBack: 0,
        skipped: 0,
      });
    });

    it('puts and gets a model with its meta', async () => {
      const store = await open();
      const params = sampleParams(1);
      const meta = await store.put({
        modelId: 'us-east-1/Host-1/cpu@15m',
        params,
        runId: 'run-1',
        createdAtMs: 1234,
      });
      expect(meta).toMatchObject({
        modelId: 'us-east-1/Host-1/cpu@15m',
        kind: 'sample',
        version: 1,
        runId: 'run-1',
        createdAtMs: 1234,
      });
      expect(meta.bytes).toBeGreaterThan(0);
      const got = await store.get('us-east-1/Host-1/cpu@15m');
      expect(got?.meta).toEqual(meta);
      sameParams(params, got?.params as ModelParams);
      expect(await store.stat('us-east-1/Host-1/cpu@15m')).toEqual(meta);
      const artifact = await store.getArtifact('us-east-1/Host-1/cpu@15m');
      expect(artifact?.bytes.length).toBe(meta.bytes);
      // Ids differing only in case are different models.
      expect(await store.get('us-east-1/host-1/cpu@15m')).toBeUndefined();
    });

    it('gets and puts many in order, with gaps for absent models', async () => {
      const store = await open();
      const ids = Array.from({ length: 50 }, (_, i) => `r/h${i}/m@1h`);
      const metas = await store.putMany(
        ids.map((modelId, i) => ({ modelId, params: sampleParams(i) })),
      );
      expect(metas.map((m) => m.modelId)).toEqual(ids);
      const got = await store.getMany([ids[3] as string, 'r/none/m@1h', ids[49] as string]);
      expect(got[0]?.params.header).toEqual(sampleParams(3).header);
      expect(got[1]).toBeUndefined();
      expect(got[2]?.params.header).toEqual(sampleParams(49).header);
      expect(await store.putMany([])).toEqual([]);
      expect(await store.getMany([])).toEqual([]);
    });

    it('lists by prefix, including long ids', async () => {
      const store = await open();
      const long = `${Array.from({ length: 8 }, (_, i) => `${'S'.repeat(127)}${i}`).join('/')}@1m`;
      const ids = ['eu/a/cpu@1m', 'eu/a/cpu@1h', 'eu/b/cpu@1m', 'us/a/cpu@1m', long];
      await store.putMany(ids.map((modelId, i) => ({ modelId, params: sampleParams(i) })));
      expect(await collect(store.list())).toEqual([...ids].sort());
      expect(await collect(store.list('eu/a/'))).toEqual(['eu/a/cpu@1h', 'eu/a/cpu@1m']);
      expect(await collect(store.list('us'))).toEqual(['us/a/cpu@1m']);
      expect(await collect(store.list('SSS'))).toEqual([long]);
      expect(await collect(store.list('zz'))).toEqual([]);
      sameParams(sampleParams(4), (await store.get(long))?.params as ModelParams);
    });

    it('deletes every version of a model', async () => {
      const store = await open();
      await store.put({ modelId: 'a/b@1m', params: sampleParams(1) });
      await store.put({ modelId: 'a/b@1m', params: sampleParams(2) });
      await store.put({ modelId: 'a/c@1m', params: sampleParams(3) });
      expect(await store.delete('a/b@1m')).toBe(true);
      expect(await store.get('a/b@1m')).toBeUndefined();
      expect(await store.versions('a/b@1m')).toEqual([]);
      expect(await collect(store.list())).toEqual(['a/c@1m']);
      expect(await store.delete('a/b@1m')).toBe(false);
    });

    it.each(BAD_IDS)('rejects a model id with %s on every method', async (_what, id) => {
      const store = await open();
      const bad = id as string;
      expect(await codeOf(store.get(bad))).toBe('INVALID_MODEL_ID');
      expect(await codeOf(store.getMany(['a/b@1m', bad]))).toBe('INVALID_MODEL_ID');
      expect(await codeOf(store.getArtifact(bad))).toBe('INVALID_MODEL_ID');
      expect(await codeOf(store.put({ modelId: bad, params: sampleParams(1) }))).toBe(
        'INVALID_MODEL_ID',
      );
      expect(await codeOf(store.putMany([{ modelId: bad, params: sampleParams(1) }]))).toBe(
        'INVALID_MODEL_ID',
      );
      expect(await codeOf(store.stat(bad))).toBe('INVALID_MODEL_ID');
      expect(await codeOf(store.versions(bad))).toBe('INVALID_MODEL_ID');
      expect(await codeOf(store.delete(bad))).toBe('INVALID_MODEL_ID');
      expect(await codeOf(store.rollback(bad))).toBe('INVALID_MODEL_ID');
      expect(await collect(store.list())).toEqual([]);
    });

    it('rejects bad run ids and params', async () => {
      const store = await open();
      expect(
        await codeOf(store.put({ modelId: 'a/b@1m', params: sampleParams(1), runId: '../x' })),
      ).toBe('INVALID_OPTIONS');
      expect(await codeOf(store.rollbackRun('a/b'))).toBe('INVALID_OPTIONS');
      const broken = { ...sampleParams(1), blocks: { x: [1, 2] as unknown as Float64Array } };
      expect(await codeOf(store.put({ modelId: 'a/b@1m', params: broken }))).toBe(
        'INVALID_OPTIONS',
      );
      expect(await store.get('a/b@1m')).toBeUndefined();
    });

    it('keeps the latest K versions, numbered upward', async () => {
      const store = await open({ keepVersions: 2 });
      for (let i = 1; i <= 4; i++) {
        const meta = await store.put({ modelId: 'a/b@1m', params: sampleParams(i) });
        expect(meta.version).toBe(i);
      }
      const versions = await store.versions('a/b@1m');
      expect(versions.map((v) => v.version)).toEqual([4, 3]);
      expect((await store.get('a/b@1m'))?.meta.version).toBe(4);
      sameParams(sampleParams(4), (await store.get('a/b@1m'))?.params as ModelParams);
      const three = await open({ keepVersions: 3 });
      await three.put({ modelId: 'a/b@1m', params: sampleParams(5) });
      await three.put({ modelId: 'a/b@1m', params: sampleParams(6) });
      expect((await three.versions('a/b@1m')).map((v) => v.version)).toEqual([6, 5, 4]);
    });

    it('rolls one model back to its previous version and never reuses a version number', async () => {
      const store = await open();
      await store.put({ modelId: 'a/b@1m', params: sampleParams(1) });
      await store.put({ modelId: 'a/b@1m', params: sampleParams(2) });
      expect(await store.rollback('a/b@1m')).toEqual({ modelId: 'a/b@1m', from: 2, to: 1 });
      const got = await store.get('a/b@1m');
      expect(got?.meta.version).toBe(1);
      sameParams(sampleParams(1), got?.params as ModelParams);
      expect((await store.versions('a/b@1m')).map((v) => v.version)).toEqual([1]);
      expect(await codeOf(store.rollback('a/b@1m'))).toBe('NOT_FOUND');
      expect((await store.get('a/b@1m'))?.meta.version).toBe(1);
      const next = await store.put({ modelId: 'a/b@1m', params: sampleParams(3) });
      expect(next.version).toBe(3);
    });

    it('rolls back every model a run wrote, skipping ones a later run overwrote', async () => {
      const store = await open();
      await store.putMany([
        { modelId: 'm/1@1m', params: sampleParams(1), runId: 'run-a' },
        { modelId: 'm/2@1m', params: sampleParams(2), runId: 'run-a' },
      ]);
      await store.putMany([
        { modelId: 'm/1@1m', params: sampleParams(11), runId: 'run-b' },
        { modelId: 'm/3@1m', params: sampleParams(13), runId: 'run-b' },
      ]);
      await store.put({ modelId: 'm/2@1m', params: sampleParams(22), runId: 'run-c' });

      expect(await store.rollbackRun('run-b')).toEqual({
        runId: 'run-b',
        models: 2,
        rolledBack: 2,
        skipped: 0,
      });
      expect((await store.get('m/1@1m'))?.meta.runId).toBe('run-a');
      expect(await store.get('m/3@1m')).toBeUndefined();

      // m/2's latest is run-c's: run-a's rollback leaves it; m/1 had only run-a's version left.
      expect(await store.rollbackRun('run-a')).toEqual({
        runId: 'run-a',
        models: 2,
        rolledBack: 1,
        skipped: 1,
      });
      expect(await store.get('m/1@1m')).toBeUndefined();
      expect((await store.get('m/2@1m'))?.meta.runId).toBe('run-c');
      expect(await collect(store.list())).toEqual(['m/2@1m']);
    });

    it('undoes every version a run wrote to a model (a retried shard), back to the one before', async () => {
      const store = await open({ keepVersions: 3 });
      await store.put({ modelId: 'm/r@1h', params: sampleParams(1), runId: 'before' });
      await store.put({ modelId: 'm/r@1h', params: sampleParams(2), runId: 'retried' });
      await store.put({ modelId: 'm/r@1h', params: sampleParams(3), runId: 'retried' });
      expect(await store.rollbackRun('retried')).toEqual({
        runId: 'retried',
        models: 1,
        rolledBack: 1,
        skipped: 0,
      });
      const got = await store.get('m/r@1h');
      expect(got?.meta).toMatchObject({ version: 1, runId: 'before' });
      expect((await store.versions('m/r@1h')).map((v) => v.version)).toEqual([1]);
    });

    it('converges under concurrent writers from several instances', async () => {
      const stores = await Promise.all([open(), open(), open(), open()]);
      const rounds = 8;
      const results = await Promise.all(
        stores.flatMap((store, w) =>
          Array.from({ length: rounds }, (_, r) =>
            store.putMany([
              { modelId: 'hot/model@1m', params: sampleParams(w * 100 + r), runId: `w${w}` },
              { modelId: `own/w${w}/r${r}@1m`, params: sampleParams(r) },
            ]),
          ),
        ),
      );
      const versions = results.map((metas) => (metas[0] as { version: number }).version);
      // Every put got its own version number (numbers may be skipped, never repeated).
      expect(new Set(versions).size).toBe(stores.length * rounds);
      const top = Math.max(...versions);
      for (const store of stores) {
        const got = await store.get('hot/model@1m');
        expect(got?.meta.version).toBe(top);
        const kept = (await store.versions('hot/model@1m')).map((v) => v.version);
        expect(kept).toHaveLength(2);
        expect(kept[0]).toBe(top);
        expect(versions).toContain(kept[1]);
        expect(kept[1]).toBeLessThan(top);
      }
      // The latest version's content is exactly what its writer put.
      const winner = results.find((metas) => metas[0]?.version === top) as {
        runId: string | undefined;
      }[];
      expect((await stores[0]?.get('hot/model@1m'))?.meta.runId).toBe(winner[0]?.runId);
      expect((await collect((stores[1] as ModelStore).list('own/'))).length).toBe(
        stores.length * rounds,
      );
    });
  });
}
