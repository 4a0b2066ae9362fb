import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNabCorpus, type NabCorpus } from './corpus.js';
import { defaultNabDir } from './paths.js';
import { readDetectorResults } from './results-io.js';
import { scoreDetector } from './scorer/score.js';
import type { ScoredFile } from './scorer/types.js';

// Re-scores NAB's published raw results with our scorer (SCORING.md §10).
const nabDir = defaultNabDir();
const detectors = ['null', 'numenta', 'windowedGaussian'] as const;

let corpus: NabCorpus;
let published: Record<string, Record<string, number>>;
const results = new Map<string, ScoredFile[]>();

beforeAll(async () => {
  corpus = await loadNabCorpus(nabDir);
  published = JSON.parse(
    await readFile(path.join(nabDir, 'results', 'final_results.json'), 'utf8'),
  );
  for (const d of detectors) {
    results.set(d, await readDetectorResults(corpus, path.join(nabDir, 'results', d), d));
  }
}, 120_000);

describe('NAB corpus', () => {
  it('has 58 files, 116 windows, 365,558 rows', () => {
    expect(corpus.files).toHaveLength(58);
    expect(corpus.files.reduce((n, f) => n + f.windows.length, 0)).toBe(116);
    expect(corpus.files.reduce((n, f) => n + f.rowCount, 0)).toBe(365_558);
  });
});

describe.each(detectors)('%s', (detector) => {
  it('reproduces final_results.json at the thresholds of config/thresholds.json', () => {
    const thresholds = corpus.publishedThresholds[detector] as Record<string, number>;
    const scored = scoreDetector(results.get(detector) as ScoredFile[], corpus.profiles, {
      thresholds,
    });
    for (const profile of corpus.profiles) {
      const expected = published[detector]?.[profile.name] as number;
      expect(scored.profiles[profile.name]?.normalised).toBeCloseTo(expected, 6);
    }
  });

  it('matches every per-file score and count of the published *_scores.csv', async () => {
    const thresholds = corpus.publishedThresholds[detector] as Record<string, number>;
    const scored = scoreDetector(results.get(detector) as ScoredFile[], corpus.profiles, {
      thresholds,
    });
    for (const profile of corpus.profiles) {
      const csv = await readFile(
        path.join(nabDir, 'results', detector, `${detector}_${profile.name}_scores.csv`),
        'utf8',
      );
      const rows = csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      const ours = new Map((scored.files[profile.name] ?? []).map((o) => [o.name, o]));
      let checked = 0;
      for (const cells of rows) {
        if (cells[0] === 'Totals') continue;
        const o = ours.get(cells[2] as string);
        expect(o, cells[2]).toBeDefined();
        expect(o?.score).toBeCloseTo(Number(cells[4]), 9);
        expect([o?.tp, o?.tn, o?.fp, o?.fn]).toEqual(cells.slice(5, 9).map(Number));
        checked++;
      }
      expect(checked).toBe(58);
    }
  });

  it('reaches at least the published scores with the sweep', () => {
    const swept = scoreDetector(results.get(detector) as ScoredFile[], corpus.profiles);
    for (const profile of corpus.profiles) {
      const expected = published[detector]?.[profile.name] as number;
      expect(swept.profiles[profile.name]?.normalised).toBeGreaterThanOrEqual(expected - 0.01);
    }
    if (detector === 'numenta') {
      // SCORING.md §10 Test B: the exhaustive sweep beats NAB's old hill-climbing here.
      expect(swept.profiles['reward_low_FP_rate']?.normalised).toBeCloseTo(63.2092, 3);
      expect(swept.profiles['standard']?.normalised).toBeCloseTo(70.101, 2);
    }
    if (detector === 'null') {
      for (const profile of corpus.profiles) {
        expect(swept.profiles[profile.name]?.normalised).toBe(0);
      }
    }
  });
});
