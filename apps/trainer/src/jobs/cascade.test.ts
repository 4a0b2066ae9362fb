import { aggregate, parseResolution } from '@myriad/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticSeries } from '../sources/synthetic/index.js';
import { aggregateCascade } from './cascade.js';

const RES = ['1m', '15m', '1h'].map((r) => parseResolution(r));

function viaCore(
  points: { timestamps: ArrayLike<number>; values: ArrayLike<number> },
  inputStep: number,
) {
  return RES.map((r) => {
    const agg = aggregate(points, r, { inputStepSeconds: inputStep });
    const length = agg.timestamps.length - (agg.partial ? 1 : 0);
    return {
      timestamps: Array.from(agg.timestamps.subarray(0, length)),
      values: Array.from(agg.values.subarray(0, length)),
    };
  });
}

function expectSame(
  points: { timestamps: ArrayLike<number>; values: ArrayLike<number> },
  inputStep: number,
) {
  const fast = aggregateCascade(points, RES, inputStep);
  const core = viaCore(points, inputStep);
  fast.forEach((level, i) => {
    const expected = core[i] as { timestamps: number[]; values: number[] };
    expect(Array.from(level.timestamps)).toEqual(expected.timestamps);
    level.values.forEach((v, j) => {
      const e = expected.values[j] as number;
      expect(Math.abs(v - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
    });
  });
}

describe('aggregateCascade', () => {
  it("equals core's aggregate (partial trailing bucket dropped) on a week of synthetic minutes", () => {
    const T0 = Date.UTC(2026, 0, 5) / 1000;
    expectSame(
      syntheticSeries('eu-west-1/host-00003/page_load_ms', T0 + 7, T0 + 7 * 86_400 - 1234),
      60,
    );
  });

  it('equals it on random ascending points with gaps and missing values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: 400 }),
            fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)),
          ),
          {
            minLength: 0,
            maxLength: 300,
          },
        ),
        fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }),
        (steps, t0) => {
          let t = t0;
          const timestamps = steps.map(([dt]) => (t += dt * 20));
          const values = steps.map(([, v]) => v);
          expectSame({ timestamps, values }, 60);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('falls back to core for unsorted input and for resolutions that do not nest', () => {
    const points = { timestamps: [120, 60, 3600 * 3], values: [1, 2, 3] };
    expectSame(points, 60);
    const odd = aggregateCascade(
      { timestamps: [0, 60, 120, 700], values: [1, 2, 3, 4] },
      ['1m', '7m'].map((r) => parseResolution(r)),
      60,
    );
    expect(Array.from(odd[1]?.timestamps ?? [])).toEqual([0]);
  });
});
