import { describe, expect, it } from 'vitest';
import { runCoreBench } from './index.js';

// Shape only: timings are the command's business, never a test's.
describe('runCoreBench', () => {
  it('measures every built-in kind on every history and summarises the targets', () => {
    const progress: number[] = [];
    const summary = runCoreBench({
      fitRounds: 1,
      predictRounds: 1,
      onProgress: (done) => progress.push(done),
    });
    expect(summary.rows.map((r) => `${r.kind}@${r.resolution}:${r.points}`)).toEqual([
      'seasonal@1m:10080',
      'holt-winters@1m:10080',
      'baseline@1m:10080',
      'seasonal@15m:2688',
      'holt-winters@15m:2688',
      'baseline@15m:2688',
      'seasonal@1h:672',
      'holt-winters@1h:672',
      'baseline@1h:672',
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const key of [
      'seasonalFitMs',
      'holtWintersFitMs',
      'baselineFitMs',
      'seasonalPredictPointsPerSec',
    ] as const) {
      expect(summary[key]).toBeGreaterThan(0);
    }
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});
