import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, type RedisServer, startRedisServer } from '@myriad/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Finished, startCli } from '../testing-internal/cli-process.js';

// These run the built CLI as a user would (turbo builds it before tests).
function myriad(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<Finished> } {
  const cli = startCli(args, process.cwd(), env);
  return { child: cli.child, done: cli.finished };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'myriad-cli-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('myriad train / runs / worker without a reachable Redis', () => {
  it('exits non-zero with a clear error instead of hanging', async () => {
    const url = `redis://127.0.0.1:${await findFreePort()}/0`;
    const runs = await myriad(['runs', 'list', '--redis', url]).done;
    expect(runs.code).toBe(1);
    expect(runs.stderr).toMatch(
      /REDIS_UNAVAILABLE: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/0/,
    );
    const train = await myriad(
      ['train', '--regions', 'r1', '--hosts-per-region', '2', '--metrics', 'm'],
      { MYRIAD_REDIS_URL: url },
    ).done;
    expect(train.code).toBe(1);
    expect(train.stderr).toMatch(/cannot reach Redis/);
    const worker = await myriad(['worker', '--concurrency', '1', '--redis', url]).done;
    expect(worker.code).toBe(1);
    expect(worker.stderr).toMatch(/cannot reach Redis/);
  }, 30_000);

  it('says how to give a Redis URL when none is set', async () => {
    const r = await myriad(['runs', 'list']).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--redis .*MYRIAD_REDIS_URL/);
  });

  it('rejects a bad spec file naming the field', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'fleet:\n  regions: [us-east-1]\n  hostsPerRegion: -3\n  metrics: [cpu]\n',
    );
    const r = await myriad(['train', file, '--redis', 'redis://127.0.0.1:1/0']).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID_SPEC: invalid run spec: fleet\.hostsPerRegion/);
  });
});

describe('myriad train --wait with a worker', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('trains, shows the run in `runs`, and the worker stops on SIGTERM', async () => {
    const worker = myriad(['worker', '--concurrency', '1', '--redis', redis.url]);
    const store = `fs:${join(dir, 'models')}`;
    const train = await myriad([
      'train',
      '--regions',
      'eu-west-1',
      '--hosts-per-region',
      '6',
      '--metrics',
      'cpu_pct',
      '--history',
      '2d',
      '--store',
      store,
      '--redis',
      redis.url,
      '--wait',
      '--json',
    ]).done;
    expect(train.stderr).toMatch(/enqueued run r\d{8}/);
    expect(train.code).toBe(0);
    const lines = train.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1] as string);
    expect(summary).toMatchObject({ state: 'completed', seriesDone: 6, modelsWritten: 18, store });

    const status = await myriad(['runs', 'status', summary.runId, '--redis', redis.url, '--json'])
      .done;
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout.trim().split('\n').pop() as string).state).toBe('completed');
    const failures = await myriad([
      'runs',
      'failures',
      summary.runId,
      '--redis',
      redis.url,
      '--json',
    ]).done;
    expect(JSON.parse(failures.stdout.trim().split('\n').pop() as string)).toEqual([]);

    worker.child.kill('SIGTERM');
    expect((await worker.done).code).toBe(0);
  }, 90_000);
});
