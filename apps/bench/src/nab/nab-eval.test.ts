import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDefaultRegistry } from '@myriad/core';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreResultsFolder } from './evaluate.js';
import { evaluateNab } from './nab-eval.js';
import { defaultNabDir } from './paths.js';

const files = [
  'artificialWithAnomaly/art_daily_jumpsup.csv',
  'realAdExchange/exchange-2_cpc_results.csv',
];
let outDir = '';

afterAll(async () => {
  if (outDir !== '') await rm(outDir, { recursive: true, force: true });
});

describe('evaluateNab on two files', () => {
  it('writes NAB-layout results per detector that score as reported', async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'myriad-nab-'));
    const registry = createDefaultRegistry();
    const evaluation = await evaluateNab({
      nabDir: defaultNabDir(),
      outDir,
      registry,
      files,
      threads: 1,
    });
    const detectors = Object.keys(evaluation.summary);
    expect(detectors).toEqual([
      'myriad',
      'myriad-x1',
      'myriad-x3',
      'myriad-x12',
      ...registry.names().map((k) => `myriad-${k}`),
    ]);
    expect(evaluation.tasks).toBe(2 * (1 + registry.names().length));
    const csv = await readFile(
      path.join(outDir, 'myriad', 'realAdExchange', 'myriad_exchange-2_cpc_results.csv'),
      'utf8',
    );
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(1 + 1624);
    for (const detector of detectors) {
      for (const profile of ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const) {
        expect(Number.isFinite(evaluation.summary[detector]?.[profile])).toBe(true);
      }
    }
  }, 120_000);

  it('rejects a file that is not in the corpus', async () => {
    await expect(
      evaluateNab({
        nabDir: defaultNabDir(),
        outDir: path.join(tmpdir(), 'unused'),
        registry: createDefaultRegistry(),
        files: ['realKnownCause/nope.csv'],
      }),
    ).rejects.toThrow(/not in the NAB corpus: realKnownCause\/nope.csv/);
  });

  it('scores a missing results folder with a clear error', async () => {
    await expect(
      scoreResultsFolder({
        nabDir: defaultNabDir(),
        resultsDir: path.join(tmpdir(), 'none'),
        detector: 'x',
      }),
    ).rejects.toThrow(/cannot read .*\/x_[^/]*\.csv/);
  });
});
