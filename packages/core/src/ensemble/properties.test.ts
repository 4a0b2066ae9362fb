import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATE_FNS } from '../aggregate.js';
import { createEnsemble, type EnsembleResult } from './index.js';
import type { EnsembleMember } from './options.js';
import { trainEnd, trainHarmonicMembers } from './testing-internal/fixture.js';

let members: readonly EnsembleMember[];
beforeAll(() => {
  members = trainHarmonicMembers();
});

// Irregular streams: gaps up to two hours, repeated timestamps, NaN, null and ±Infinity.
const stream = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(60) },
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 7200 }) },
      ),
      fc.oneof(
        { weight: 8, arbitrary: fc.double({ min: 50, max: 150, noNaN: true }) },
        { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
        { weight: 1, arbitrary: fc.constantFrom(Number.NaN, null, Infinity, -Infinity) },
      ),
    ),
    { minLength: 1, maxLength: 400 },
  )
  .map((steps) => {
    const timestamps: number[] = [];
    const values: Array<number | null> = [];
    let t = trainEnd;
    for (const [dt, v] of steps) {
      t += dt;
      timestamps.push(t);
      values.push(v);
    }
    return { timestamps, values: values as number[] };
  });

const settings = fc.record({
  fn: fc.constantFrom(...AGGREGATE_FNS),
  coarseWindow: fc.constantFrom('trailing' as const, 'bucket' as const),
  dropHour: fc.boolean(),
  confirmM: fc.integer({ min: 1, max: 4 }),
  suppressSeconds: fc.constantFrom(0, 300),
});

function arrays(r: EnsembleResult, upTo: number): number[][] {
  return [r.combined, r.rawCombined, r.expected, r.lower, r.upper, r.alert, ...r.scores].map((a) =>
    Array.from(a).slice(0, upTo),
  );
}

describe('Ensemble properties', () => {
  it('outputs are finite, scores in [0, 1], combined ≤ the top member; prefixes and the streaming form agree', () => {
    fc.assert(
      fc.property(stream, settings, fc.nat(), (points, s, cut) => {
        const e = createEnsemble({
          members: s.dropHour ? members.slice(0, 2) : members,
          fn: s.fn,
          coarseWindow: s.coarseWindow,
          alert: { confirm: { n: 1, m: s.confirmM }, suppressSeconds: s.suppressSeconds },
        });
        const n = points.timestamps.length;
        const full = e.score(points);
        for (const a of [full.combined, full.rawCombined, ...full.scores]) {
          for (const x of a) expect(x >= 0 && x <= 1).toBe(true);
        }
        // The combination never exceeds the largest member score (up to the −3 probit floor).
        for (let i = 0; i < n; i++) {
          let top = 0;
          for (const a of full.scores) top = Math.max(top, a[i] as number);
          expect(full.combined[i]).toBeLessThanOrEqual(Math.max(top, 0.00135) + 1e-6);
        }
        for (const a of [full.expected, full.lower, full.upper]) {
          for (const x of a) expect(Number.isFinite(x)).toBe(true);
        }
        const k = 1 + (cut % n);
        const prefix = e.score({
          timestamps: points.timestamps.slice(0, k),
          values: points.values.slice(0, k),
        });
        expect(arrays(prefix, k)).toEqual(arrays(full, k));
        const out = e.createResult(n);
        const scorer = e.scorer();
        for (let i = 0; i < n; i++) {
          scorer.push(points.timestamps[i] as number, points.values[i] as number, out, i);
        }
        expect(arrays(out, n)).toEqual(arrays(full, n));
      }),
      { numRuns: 60 },
    );
  });
});
