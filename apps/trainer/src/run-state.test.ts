import { type RedisServer, startRedisServer } from '@myriad/store';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from './connection.js';
import { RunStateStore, type ShardOutcome } from './run-state.js';
import { parseRunSpec } from './spec.js';

let server: RedisServer;
let redis: Redis;
let n = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = await connectRedis(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const spec = parseRunSpec({
  fleet: { regions: ['r'], hostsPerRegion: 10, metrics: ['m'] },
  shardSize: 5,
});
const ok = (series: number, failures: ShardOutcome['failures'] = []): ShardOutcome => ({
  seriesDone: series - failures.length,
  seriesFailed: failures.length,
  modelsWritten: (series - failures.length) * 3,
  shardFailed: false,
  failures,
  stageSeconds: { source: 0.5, aggregate: 0.1, fit: 1, encode: 0.01, store: 0.2 },
});

async function freshRun(store: RunStateStore) {
  const runId = `run-${++n}`;
  await store.create({
    runId,
    spec,
    fromSeconds: 0,
    toSeconds: 3600,
    seriesTotal: 10,
    shardsTotal: 2,
  });
  return runId;
}

describe('RunStateStore', () => {
  it('counts each shard once and completes with the last one', async () => {
    const store = new RunStateStore(redis, `t${n}`);
    const runId = await freshRun(store);
    expect((await store.get(runId))?.state).toBe('queued');
    expect(await store.start(runId)).toBe('running');
    expect(await store.finishShard(runId, 0, ok(5))).toBe(true);
    expect(await store.finishShard(runId, 0, ok(5))).toBe(false); // a retry or duplicate
    expect(await store.setEnumerated(runId, 2, 10)).toBe('running');
    expect(await store.isShardDone(runId, 0)).toBe(true);
    expect(await store.isShardDone(runId, 1)).toBe(false);
    const failure = { seriesId: 'r/host-00007/m', shard: 1, error: 'boom' };
    expect(await store.finishShard(runId, 1, ok(5, [failure]))).toBe(true);
    const status = await store.get(runId);
    expect(status).toMatchObject({
      state: 'completed',
      seriesDone: 9,
      seriesFailed: 1,
      modelsWritten: 27,
      shardsDone: 2,
      etaSeconds: 0,
    });
    expect(status?.stageSeconds.fit).toBeCloseTo(2);
    expect(await store.failures(runId)).toEqual([failure]);
    expect(await redis.ttl(`t${n - 1}:trainer:run:${runId}`)).toBeGreaterThan(6 * 86_400);
  });

  it('completes when enumeration ends after the last shard, and fails when a shard failed', async () => {
    const store = new RunStateStore(redis, 'u');
    const runId = await freshRun(store);
    await store.start(runId);
    await store.finishShard(runId, 0, ok(5));
    await store.finishShard(runId, 1, {
      ...ok(5),
      seriesDone: 0,
      seriesFailed: 5,
      shardFailed: true,
    });
    expect(await store.setEnumerated(runId, 2, 10)).toBe('failed');
  });

  it('cancels only unfinished runs, and keeps a bounded index', async () => {
    const store = new RunStateStore(redis, 'v', { maxRuns: 3, maxFailures: 2 });
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await freshRun(store));
    expect((await store.list()).map((s) => s.runId)).toEqual(runs.slice(2).reverse());
    expect(await store.get(runs[0] as string)).toBeUndefined();
    const last = runs[4] as string;
    expect(await store.finish(last, 'cancelled')).toBe('cancelled');
    expect(await store.start(last)).toBe('cancelled');
    expect(await store.finish(last, 'failed', 'late')).toBe('cancelled');
    const three = ['a', 'b', 'c'].map((s) => ({ seriesId: s, shard: 0, error: 'x' }));
    const other = runs[3] as string;
    await store.finishShard(other, 0, ok(5, three));
    expect(await store.failures(other)).toHaveLength(2);
    expect((await store.get(other))?.seriesFailed).toBe(3);
    await expect(store.failures('nope')).rejects.toThrow(/no run "nope"/);
  });
});
