import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDefaultRegistry } from '@myriad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerClient } from '../client.js';
import { isTrainerError } from '../errors.js';
import type { RunStatus } from '../run-status.js';
import {
  expectedModelIds,
  type Harness,
  startHarness,
  storedModelIds,
} from '../testing-internal/harness.js';
import { startWorker } from './worker.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a training run', () => {
  it('trains 2,000 series into exactly the expected artifacts, one version each', async () => {
    const { store, prefix } = h.next();
    const fleet = {
      regions: ['us-east-1', 'eu-west-1'],
      hostsPerRegion: 500,
      metrics: ['page_load_ms', 'cpu_pct'],
    };
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    const worker = await startWorker({
      connection: h.redis.url,
      prefix,
      concurrency: 2,
      store: { fsync: false },
    });
    try {
      const { runId } = await client.enqueueRun({ fleet, history: '2d', shardSize: 100, store });
      const seen: number[] = [];
      const final = await client.waitForRun(runId, { onProgress: (s) => seen.push(s.seriesDone) });
      expect(final).toMatchObject({
        state: 'completed',
        seriesTotal: 2000,
        seriesDone: 2000,
        seriesFailed: 0,
        modelsWritten: 6000,
        shardsTotal: 20,
        shardsDone: 20,
      });
      expect(final.stageSeconds.fit).toBeGreaterThan(0);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      const { ids, store: opened } = await storedModelIds(store);
      expect(ids).toEqual(expectedModelIds(fleet, ['1m', '15m', '1h']));
      const sample = ids.filter((_, i) => i % 97 === 0);
      for (const id of sample) {
        const versions = await opened.versions(id);
        expect(versions.map((v) => v.runId)).toEqual([runId]);
        const model = await opened.get(id);
        expect(createDefaultRegistry().restore(model?.params as never).kind).toBe('seasonal');
      }
      await opened.close();
      expect(await client.listFailures(runId)).toEqual([]);
      expect((await client.listRuns()).map((r) => r.runId)).toEqual([runId]);
    } finally {
      await worker.close();
      await client.close();
    }
  });

  it('trains every series a csv folder lists, the window ending at each file', async () => {
    const { store, prefix } = h.next();
    const folder = join(h.dir, `csv-${prefix}`);
    await mkdir(join(folder, 'machines'), { recursive: true });
    const start = Date.UTC(2014, 3, 1) / 1000;
    for (let f = 0; f < 12; f++) {
      const lines = ['timestamp,value'];
      for (let i = 0; i < 3 * 288; i++) {
        const t = new Date((start + i * 300) * 1000).toISOString().replace('T', ' ').slice(0, 19);
        lines.push(
          `${t},${(50 + 10 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919 + f) % 13) / 13).toFixed(3)}`,
        );
      }
      await writeFile(join(folder, 'machines', `host ${f}.csv`), `${lines.join('\n')}\n`);
    }
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    const worker = await startWorker({ connection: h.redis.url, prefix, store: { fsync: false } });
    try {
      const { runId } = await client.enqueueRun({
        source: `csv:${folder}`,
        resolutions: ['5m', '1h'],
        history: '2d',
        shardSize: 5,
        store,
      });
      const final = await client.waitForRun(runId);
      expect(final).toMatchObject({
        state: 'completed',
        seriesTotal: 12,
        shardsTotal: 3,
        seriesDone: 12,
        modelsWritten: 24,
      });
      const { ids, store: opened } = await storedModelIds(store);
      expect(ids).toContain('machines/host_0@5m');
      expect(ids).toHaveLength(24);
      expect((await opened.stat('machines/host_11@1h'))?.info.toSeconds).toBeGreaterThan(
        start + 2 * 86_400,
      );
      await opened.close();
    } finally {
      await worker.close();
      await client.close();
    }
  });

  it('records per-series failures without failing the shard', async () => {
    const { store, prefix } = h.next();
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    const worker = await startWorker({ connection: h.redis.url, prefix, store: { fsync: false } });
    try {
      // A 3-hour history has no complete hour for a daily season at 1h: those members fail per series.
      const fleet = { regions: ['eu-west-1'], hostsPerRegion: 4, metrics: ['cpu_pct'] };
      const { runId } = await client.enqueueRun({
        fleet,
        history: '3h',
        resolutions: ['1m', '1d'],
        store,
      });
      const final = await client.waitForRun(runId);
      expect(final.state).toBe('completed');
      expect(final.seriesFailed).toBe(4);
      const failures = await client.listFailures(runId);
      expect(failures).toHaveLength(4);
      expect(failures[0]?.error).toMatch(/@1d: /);
    } finally {
      await worker.close();
      await client.close();
    }
  });

  it('stops adding and starting shards when cancelled', async () => {
    const { store, prefix } = h.next();
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    // Enumerate only: shards wait in the queue.
    const producer = await startWorker({ connection: h.redis.url, prefix, processShards: false });
    const fleet = { regions: ['us-east-1'], hostsPerRegion: 300, metrics: ['cpu_pct'] };
    const { runId } = await client.enqueueRun({ fleet, history: '1d', shardSize: 10, store });
    let status = await client.getRun(runId);
    while (status !== undefined && status.shardsEnqueued < 30) {
      await new Promise((r) => setTimeout(r, 50));
      status = await client.getRun(runId);
    }
    await producer.close();
    expect((await client.cancelRun(runId)).state).toBe('cancelled');
    const worker = await startWorker({
      connection: h.redis.url,
      prefix,
      concurrency: 4,
      store: { fsync: false },
    });
    try {
      const { Queue } = await import('bullmq');
      const shards = new Queue('train-shards', {
        connection: { host: '127.0.0.1', port: h.redis.port },
        prefix,
      });
      for (;;) {
        const counts = await shards.getJobCounts('waiting', 'active', 'delayed', 'completed');
        if (
          counts.waiting === 0 &&
          counts.active === 0 &&
          counts.delayed === 0 &&
          (counts.completed ?? 0) >= 30
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await shards.close();
      const final = await client.getRun(runId);
      expect(final).toMatchObject({ state: 'cancelled', modelsWritten: 0, seriesDone: 0 });
      const { ids, store: opened } = await storedModelIds(store).catch(() => ({
        ids: [],
        store: undefined,
      }));
      expect(ids).toEqual([]);
      await opened?.close();
      await expect(client.cancelRun('no-such-run')).rejects.toSatisfy((e) =>
        isTrainerError(e, 'RUN_NOT_FOUND'),
      );
    } finally {
      await worker.close();
      await client.close();
    }
  });

  it('rejects a bad spec naming the field, and enqueues nothing', async () => {
    const { prefix } = h.next();
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    try {
      await expect(
        client.enqueueRun({ fleet: { regions: ['us east'], hostsPerRegion: 1, metrics: ['m'] } }),
      ).rejects.toThrow(/invalid run spec: fleet\.regions\.0/);
      await expect(client.enqueueRun({ shardSize: 'lots' })).rejects.toSatisfy(
        (e) => isTrainerError(e, 'INVALID_SPEC') && /shardSize/.test((e as Error).message),
      );
      expect(await client.listRuns()).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('fails fast with REDIS_UNAVAILABLE when Redis cannot be reached', async () => {
    const { findFreePort } = await import('@myriad/store');
    const url = `redis://127.0.0.1:${await findFreePort()}/0`;
    const client = createTrainerClient({ connection: url, connectTimeoutMs: 1000 });
    await expect(client.enqueueRun({})).rejects.toSatisfy(
      (e) =>
        isTrainerError(e, 'REDIS_UNAVAILABLE') &&
        /cannot reach Redis at redis:\/\/127\.0\.0\.1/.test((e as Error).message),
    );
    await client.close();
    await expect(startWorker({ connection: url, connectTimeoutMs: 1000 })).rejects.toSatisfy((e) =>
      isTrainerError(e, 'REDIS_UNAVAILABLE'),
    );
  });

  it('starts scheduled runs by itself', async () => {
    const { store, prefix } = h.next();
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    const worker = await startWorker({ connection: h.redis.url, prefix, store: { fsync: false } });
    try {
      const fleet = { regions: ['r'], hostsPerRegion: 2, metrics: ['m'] };
      const { runId } = await client.enqueueRun({
        fleet,
        history: '1d',
        store,
        schedule: { every: '1s', id: 'often' },
      });
      await client.waitForRun(runId);
      let scheduled: RunStatus | undefined;
      while (scheduled === undefined) {
        scheduled = (await client.listRuns()).find(
          (r) => r.runId !== runId && r.state === 'completed',
        );
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(scheduled.runId).toMatch(/^often-\d+$/);
      expect(scheduled).toMatchObject({ scheduleId: 'often', seriesDone: 2, modelsWritten: 6 });
      expect(await client.removeSchedule('often')).toBe(true);
    } finally {
      await worker.close();
      await client.close();
    }
  });

  it('schedules runs with a job scheduler, lists and removes them', async () => {
    const { store, prefix } = h.next();
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    try {
      const fleet = { regions: ['r'], hostsPerRegion: 1, metrics: ['m'] };
      const { runId, scheduleId } = await client.enqueueRun({
        name: 'nightly fleet',
        fleet,
        store,
        schedule: { every: '1d' },
      });
      expect(scheduleId).toBe('nightly_fleet');
      expect(runId).toMatch(/^r\d{8}-\d{6}-/);
      const schedules = await client.listSchedules();
      expect(schedules).toHaveLength(1);
      expect(schedules[0]).toMatchObject({ id: 'nightly_fleet', everySeconds: 86_400 });
      expect(Date.parse(schedules[0]?.next ?? '')).toBeGreaterThan(Date.now() + 86_000_000);
      expect((await client.getRun(runId))?.scheduleId).toBe('nightly_fleet');
      expect(await client.removeSchedule('nightly_fleet')).toBe(true);
      expect(await client.listSchedules()).toEqual([]);
      expect(await client.removeSchedule('nightly_fleet')).toBe(false);
    } finally {
      await client.close();
    }
  });
});
