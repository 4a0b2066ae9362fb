import { type RedisServer, startRedisServer } from '@myriad/store';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../connection.js';
import type { ShardJobData } from '../queues.js';
import { fleetPlan, runWindow } from '../run-plan.js';
import { RunStateStore } from '../run-state.js';
import { createSourceCache } from '../sources/open-source.js';
import { parseRunSpec } from '../spec.js';
import { processRunJob, scheduledRunId } from './run-job.js';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = await connectRedis(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

let n = 0;
async function newRun(input: unknown) {
  const state = new RunStateStore(redis, `rj${++n}`);
  const spec = parseRunSpec(input);
  const runId = `run-${n}`;
  await state.create({ runId, spec, ...runWindow(spec), ...fleetPlan(spec) });
  return { state, runId };
}

describe('processRunJob', () => {
  it('cuts a fleet into index ranges, batch by batch, and resumes after a crash without gaps or repeats', async () => {
    const { state, runId } = await newRun({
      fleet: { regions: ['a', 'b'], hostsPerRegion: 50, metrics: ['m'] },
      shardSize: 7,
    });
    const added: ShardJobData[] = [];
    let calls = 0;
    const deps = {
      state,
      openSource: createSourceCache(),
      shardsPerBatch: 4,
      addShards: async (shards: readonly ShardJobData[]) => {
        if (++calls === 3) throw new Error('redis went away');
        added.push(...shards);
      },
    };
    await expect(processRunJob({ runId }, runId, deps)).rejects.toThrow(/went away/);
    expect((await state.get(runId))?.shardsEnqueued).toBe(8);
    const result = await processRunJob({ runId }, runId, deps);
    expect(result).toMatchObject({ shards: 15, series: 100, state: 'running' });
    expect(added.map((s) => s.shard)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(added.every((s) => s.ids === undefined && s.count !== undefined)).toBe(true);
    expect(added.reduce((sum, s) => sum + (s.count ?? 0), 0)).toBe(100);
    expect(added[14]).toMatchObject({ start: 98, count: 2 });
    expect((await state.get(runId))?.shardsTotal).toBe(15);
  });

  it('lists the source when the spec has no fleet, carrying ids, and completes an empty run at once', async () => {
    const fleet = { regions: ['x'], hostsPerRegion: 10, metrics: ['m1', 'm2'] };
    const { state, runId } = await newRun({ source: { type: 'synthetic', fleet }, shardSize: 6 });
    const added: ShardJobData[] = [];
    const result = await processRunJob({ runId }, runId, {
      state,
      openSource: createSourceCache(),
      addShards: async (s) => void added.push(...s),
    });
    expect(result).toMatchObject({ shards: 4, series: 20 });
    expect(added.map((s) => s.ids?.length)).toEqual([6, 6, 6, 2]);
    expect(added[0]?.ids?.[0]).toBe('x/host-00000/m1');

    const empty = await newRun({ fleet: { regions: ['x'], hosts: ['h'], metrics: ['m'] } });
    await empty.state.finish(empty.runId, 'cancelled');
    const skipped = await processRunJob({ runId: empty.runId }, empty.runId, {
      state: empty.state,
      openSource: createSourceCache(),
      addShards: async () => {},
    });
    expect(skipped).toMatchObject({ state: 'cancelled', shards: 0 });
  });

  it('creates the run of a scheduled occurrence from the job id, once', async () => {
    const state = new RunStateStore(redis, 'sched');
    const spec = parseRunSpec({
      fleet: { regions: ['r'], hostsPerRegion: 3, metrics: ['m'] },
      schedule: { every: '1h', id: 'hourly' },
    });
    const jobId = 'repeat:hourly:1767225600000';
    const deps = { state, openSource: createSourceCache(), addShards: async () => {} };
    const first = await processRunJob({ scheduleId: 'hourly', spec }, jobId, deps);
    expect(first.runId).toBe(scheduledRunId(jobId, 'hourly'));
    expect(first.runId).toBe('hourly-1767225600000');
    expect((await state.get(first.runId))?.scheduleId).toBe('hourly');
    await processRunJob({ scheduleId: 'hourly', spec }, jobId, deps);
    expect(await state.list()).toHaveLength(1);
    await expect(processRunJob({}, 'j', deps)).rejects.toThrow(/names no run/);
  });
});
