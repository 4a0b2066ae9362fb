import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../env.js';
import { type Finished, startCli } from '../testing-internal/cli-process.js';

// Runs the built CLI as a user would (turbo builds it before tests).
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const NAB = resolve(REPO, env.MYRIAD_NAB_DIR);

function myriad(args: string[]): Promise<Finished> {
  return startCli(args, process.cwd()).finished;
}

function lastJson(stdout: string): unknown {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'myriad-cli-eval-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('myriad eval', () => {
  it('nab-score reproduces numenta’s published standard score and sweeps its low-FP one', async () => {
    const r = await myriad([
      'eval',
      'nab-score',
      '--results',
      join(NAB, 'results', 'numenta'),
      '--detector',
      'numenta',
      '--data',
      NAB,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = lastJson(r.stdout) as { numenta: Record<string, number> };
    expect(json.numenta['standard']).toBeCloseTo(70.101, 2);
    expect(json.numenta['reward_low_FP_rate']).toBeCloseTo(63.209, 2);
  });

  it('nab-score names the missing results file', async () => {
    const r = await myriad([
      'eval',
      'nab-score',
      '--results',
      dir,
      '--detector',
      'numenta',
      '--data',
      NAB,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID_RESULTS: cannot read .*numenta_.*\.csv/);
  });

  it('replay writes one score per row of any timestamp,value CSV', async () => {
    const input = join(dir, 'in.csv');
    const rows = ['timestamp,value'];
    for (let i = 0; i < 2000; i++) {
      const t = 1_700_000_000 + i * 60;
      rows.push(
        `${t},${(10 + 3 * Math.sin((2 * Math.PI * i) / 1440) + (i === 1800 ? 40 : 0)).toFixed(3)}`,
      );
    }
    await writeFile(input, `${rows.join('\n')}\n`);
    const out = join(dir, 'out.csv');
    const r = await myriad([
      'eval',
      'replay',
      '--input',
      input,
      '--out',
      out,
      '--train-rows',
      '600',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({
      rows: 2000,
      trainRows: 600,
      baseStepSeconds: 60,
      resolutions: '1m,3m,12m',
    });
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(2001);
    const spike = Number(lines[1801]?.split(',')[2]);
    expect(spike).toBe(1);
  });

  it('replay rejects a bad --train-rows and a bad config', async () => {
    const bad = await myriad([
      'eval',
      'replay',
      '--input',
      'x.csv',
      '--out',
      'y.csv',
      '--train-rows',
      '0',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--train-rows.*must be a positive integer/);
    const config = join(dir, 'config.json');
    await writeFile(config, '{"multipliers": [1, 1]}');
    const r = await myriad([
      'eval',
      'replay',
      '--input',
      join(dir, 'in.csv'),
      '--out',
      join(dir, 'o.csv'),
      '--config',
      config,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID_OPTIONS: replay config multipliers must be distinct/);
  });

  it('nab replays on worker threads and prints every detector’s three scores last', async () => {
    const r = await myriad([
      'eval',
      'nab',
      '--data',
      NAB,
      '--out',
      join(dir, 'nab'),
      '--threads',
      '2',
      '--json',
      '--files',
      'artificialWithAnomaly/art_daily_jumpsup.csv,realTraffic/speed_7578.csv',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = lastJson(r.stdout) as Record<string, Record<string, number>>;
    expect(Object.keys(json)).toEqual([
      'myriad',
      'myriad-x1',
      'myriad-x3',
      'myriad-x12',
      'myriad-seasonal',
      'myriad-holt-winters',
      'myriad-baseline',
    ]);
    for (const scores of Object.values(json)) {
      expect(Object.keys(scores)).toEqual(['standard', 'reward_low_FP_rate', 'reward_low_FN_rate']);
    }
    expect(
      existsSync(join(dir, 'nab', 'myriad-x12', 'realTraffic', 'myriad-x12_speed_7578.csv')),
    ).toBe(true);
  }, 120_000);
});
