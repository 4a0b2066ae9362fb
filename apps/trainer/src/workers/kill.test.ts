import { type ChildProcess, fork } from 'node:child_process';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerClient } from '../client.js';
import { SHARD_QUEUE } from '../queues.js';
import {
  expectedModelIds,
  type Harness,
  startHarness,
  storedModelIds,
} from '../testing-internal/harness.js';
import { type ChildWorkerOptions, workerEntryPath } from './pool.js';

let h: Harness;
const children: ChildProcess[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await h?.close();
});

/** A worker process from the built entry, resolved once it is connected. */
function spawnWorker(options: ChildWorkerOptions): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(workerEntryPath(), [JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    children.push(child);
    child.on('message', (m: { type?: string }) =>
      m.type === 'ready' ? resolve(child) : reject(new Error(JSON.stringify(m))),
    );
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

const waitFor = async (check: () => Promise<boolean>) => {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
};

describe('a worker killed with SIGKILL mid-run', () => {
  it('loses nothing: every model is stored exactly once and decodes', async () => {
    const { store, prefix } = h.next();
    const options: ChildWorkerOptions = {
      connection: h.redis.url,
      prefix,
      store: { fsync: false },
      lockDurationMs: 5000, // long enough that a busy machine never loses a live lock
      stalledIntervalMs: 1000,
    };
    const fleet = {
      regions: ['us-east-1', 'ap-south-1'],
      hostsPerRegion: 400,
      metrics: ['latency_ms'],
    };
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    const shards = new Queue(SHARD_QUEUE, {
      connection: { host: '127.0.0.1', port: h.redis.port },
      prefix,
    });
    try {
      const victim = await spawnWorker(options);
      const survivor = await spawnWorker(options);
      const { runId } = await client.enqueueRun({ fleet, history: '2d', shardSize: 20, store });
      await waitFor(async () => ((await client.getRun(runId))?.seriesDone ?? 0) >= 100);
      await waitFor(async () => (await shards.getActiveCount()) >= 2); // both busy: the victim dies mid-shard
      victim.kill('SIGKILL');
      const final = await client.waitForRun(runId);
      expect(final).toMatchObject({
        state: 'completed',
        seriesDone: 800,
        seriesFailed: 0,
        modelsWritten: 2400,
      });

      const taken = (await shards.getJobs(['completed'], 0, -1)).filter(
        (j) => j.attemptsStarted > 1 || (j.stalledCounter ?? 0) > 0,
      );
      expect(taken.length).toBeGreaterThan(0); // the killed shard was taken up again

      const { ids, store: opened } = await storedModelIds(store);
      expect(ids).toEqual(expectedModelIds(fleet, ['1m', '15m', '1h']));
      for (const id of ids) {
        const versions = await opened.versions(id);
        expect(versions.length, id).toBe(1);
        expect((await opened.get(id))?.meta.runId).toBe(runId); // decodes: checksum intact
      }
      await opened.close();
      survivor.kill('SIGTERM');
    } finally {
      await shards.close();
      await client.close();
    }
  }, 120_000);

  it('counts a shard that stalled too often as failed, so the run still ends', async () => {
    const { store, prefix } = h.next();
    const fast = { lockDurationMs: 1000, stalledIntervalMs: 500, maxStalledCount: 0 };
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    const shards = new Queue(SHARD_QUEUE, {
      connection: { host: '127.0.0.1', port: h.redis.port },
      prefix,
    });
    try {
      const victim = await spawnWorker({
        connection: h.redis.url,
        prefix,
        store: { fsync: false },
        ...fast,
      });
      const fleet = { regions: ['eu-west-1'], hostsPerRegion: 200, metrics: ['cpu_pct'] };
      const { runId } = await client.enqueueRun({ fleet, history: '2d', shardSize: 200, store });
      await waitFor(async () => (await shards.getActiveCount()) >= 1);
      victim.kill('SIGKILL');
      const checker = await spawnWorker({
        connection: h.redis.url,
        prefix,
        store: { fsync: false },
        ...fast,
      });
      const final = await client.waitForRun(runId);
      expect(final).toMatchObject({ state: 'failed', shardsFailed: 1, seriesFailed: 200 });
      const [failure] = await client.listFailures(runId);
      expect(failure?.error).toMatch(/stalled more than allowable limit/);
      checker.kill('SIGTERM');
    } finally {
      await shards.close();
      await client.close();
    }
  }, 60_000);

  it('on SIGTERM finishes its current shard and exits 0', async () => {
    const { store, prefix } = h.next();
    const client = createTrainerClient({ connection: h.redis.url, prefix });
    const shards = new Queue(SHARD_QUEUE, {
      connection: { host: '127.0.0.1', port: h.redis.port },
      prefix,
    });
    try {
      const worker = await spawnWorker({
        connection: h.redis.url,
        prefix,
        store: { fsync: false },
      });
      const fleet = { regions: ['eu-west-1'], hostsPerRegion: 200, metrics: ['cpu_pct'] };
      const { runId } = await client.enqueueRun({ fleet, history: '2d', shardSize: 50, store });
      await waitFor(async () => (await shards.getActiveCount()) >= 1);
      const exited = new Promise<number | null>((resolve) =>
        worker.once('exit', (code) => resolve(code)),
      );
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      const status = await client.getRun(runId);
      expect(await shards.getActiveCount()).toBe(0); // finished, not left stalled
      expect(status?.shardsDone).toBeGreaterThanOrEqual(1);
      expect(status?.seriesDone).toBe((status?.shardsDone ?? 0) * 50);
    } finally {
      await shards.close();
      await client.close();
    }
  }, 60_000);
});
