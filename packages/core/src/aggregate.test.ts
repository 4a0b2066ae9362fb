import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_FNS, aggregate } from './aggregate.js';
import { isMyriadError } from './errors.js';
import { parseResolution } from './series.js';

function points(pairs: Array<[number, number | null]>) {
  return { timestamps: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) };
}

function expectCode(fn: () => unknown, code: string, text: string) {
  try {
    fn();
  } catch (err) {
    expect(isMyriadError(err, code)).toBe(true);
    expect((err as Error).message).toContain(text);
    return;
  }
  throw new Error(`expected MyriadError ${code}`);
}

// Integer-valued samples keep sums exact, so equalities below are exact.
const sample = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 20_000 }),
    fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(Number.NaN, null, Number.POSITIVE_INFINITY, -Infinity),
      },
    ),
  ),
  { maxLength: 300 },
);

describe('aggregate', () => {
  it('buckets on UTC epoch multiples with the bucket start as timestamp', () => {
    const out = aggregate(
      points([
        [899, 1],
        [900, 2],
        [1799, 4],
        [3600 * 5 + 3, 10],
      ]),
      '15m',
    );
    expect(Array.from(out.timestamps)).toEqual([0, 900, 18000]);
    expect(Array.from(out.values)).toEqual([1, 3, 10]);
    expect(Array.from(out.counts)).toEqual([1, 2, 1]);
    expect(out.stepSeconds).toBe(900);
    expect(out.resolution.text).toBe('15m');
  });

  it('computes every fn, p95 by linear interpolation', () => {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < 21; i++) pairs.push([i, 20 - i]); // values 20..0 in one 1m bucket
    const input = points(pairs);
    const get = (fn: (typeof AGGREGATE_FNS)[number]) =>
      aggregate(input, '1m', { fn }).values[0] as number;
    expect(get('mean')).toBe(10);
    expect(get('sum')).toBe(210);
    expect(get('count')).toBe(21);
    expect(get('min')).toBe(0);
    expect(get('max')).toBe(20);
    expect(get('p95')).toBe(19); // h = 20 × 0.95 = 19 exactly
    expect(aggregate(points([[0, 1]]), '1m', { fn: 'p95' }).values[0]).toBe(1);
  });

  it('keeps gaps as gaps and skips buckets with no finite value', () => {
    const out = aggregate(
      points([
        [0, 1],
        [60, Number.NaN],
        [120, null],
        [180, 5],
      ]),
      '1m',
    );
    expect(Array.from(out.timestamps)).toEqual([0, 180]);
    expect(out.droppedValues).toBe(2);
    expect(out.used).toBe(2);
  });

  it('sorts unsorted input, keeps duplicates and counts both', () => {
    const out = aggregate(
      points([
        [120, 3],
        [0, 1],
        [0, 5],
        [60, 2],
      ]),
      '1m',
      { fn: 'sum' },
    );
    expect(Array.from(out.timestamps)).toEqual([0, 60, 120]);
    expect(Array.from(out.values)).toEqual([6, 2, 3]);
    expect(out.outOfOrder).toBe(1);
    expect(out.duplicates).toBe(1);
  });

  it('drops non-finite timestamps and never yields a NaN aggregate', () => {
    const out = aggregate(
      points([
        [Number.NaN, 1],
        [Number.POSITIVE_INFINITY, 2],
        [0, Number.NEGATIVE_INFINITY],
        [0, 4],
      ]),
      '1m',
    );
    expect(out.droppedTimestamps).toBe(2);
    expect(out.droppedValues).toBe(1);
    expect(Array.from(out.values)).toEqual([4]);
    const none = aggregate(points([[0, Number.NaN]]), '1m');
    expect(none.timestamps.length).toBe(0);
    expect(none.partial).toBe(false);
  });

  it('reports a trailing bucket that has not seen its last input step', () => {
    const minutes = (count: number) =>
      points(Array.from({ length: count }, (_, i): [number, number] => [i * 60, i]));
    expect(aggregate(minutes(15), '15m').partial).toBe(false);
    expect(aggregate(minutes(14), '15m').partial).toBe(true);
    expect(aggregate(minutes(16), '15m').partial).toBe(true);
    expect(aggregate(minutes(16), '15m').inputStepSeconds).toBe(60);
    expect(aggregate(minutes(14), '15m', { inputStepSeconds: 120 }).partial).toBe(false);
    expect(aggregate(minutes(1), '15m').partial).toBe(true);
  });

  it('accepts a Resolution object or seconds', () => {
    const input = points([[3600, 1]]);
    expect(aggregate(input, parseResolution('1h')).stepSeconds).toBe(3600);
    expect(aggregate(input, 3600).resolution.text).toBe('1h');
  });

  it('rejects bad input and options with errors naming them', () => {
    expectCode(() => aggregate(points([[0, 1]]), '15x'), 'INVALID_RESOLUTION', '15x');
    expectCode(
      () => aggregate({ timestamps: [1, 2], values: [1] }, '1m'),
      'INVALID_INPUT',
      'points.values has 1',
    );
    expectCode(() => aggregate(null as never, '1m'), 'INVALID_INPUT', 'points must be an object');
    expectCode(
      () => aggregate(points([]), '1m', { fn: 'median' as never }),
      'INVALID_OPTIONS',
      'options.fn',
    );
    expectCode(
      () => aggregate(points([]), '1m', { inputStepSeconds: -1 }),
      'INVALID_OPTIONS',
      'options.inputStepSeconds',
    );
    expectCode(
      () => aggregate(points([]), { text: '0s', seconds: 0 }),
      'INVALID_RESOLUTION',
      'positive integer',
    );
  });

  it('property: counts sum to the finite inputs; every aggregate is finite', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom(...AGGREGATE_FNS), (pairs, fn) => {
        const out = aggregate(points(pairs), '15m', { fn });
        const finite = pairs.filter((p) => typeof p[1] === 'number' && Number.isFinite(p[1]));
        let total = 0;
        for (const c of out.counts) total += c;
        expect(total).toBe(finite.length);
        expect(out.used).toBe(finite.length);
        expect(out.used + out.droppedValues + out.droppedTimestamps).toBe(pairs.length);
        for (const v of out.values) expect(Number.isFinite(v)).toBe(true);
        for (let i = 1; i < out.timestamps.length; i++) {
          expect(out.timestamps[i]).toBeGreaterThan(out.timestamps[i - 1] as number);
        }
        for (const t of out.timestamps) expect(t % 900).toBe(0);
      }),
    );
  });

  it('property: mean and p95 lie within [min, max]', () => {
    const real = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      { minLength: 1, maxLength: 200 },
    );
    fc.assert(
      fc.property(real, (pairs) => {
        const input = points(pairs);
        const lo = aggregate(input, '10m', { fn: 'min' }).values;
        const hi = aggregate(input, '10m', { fn: 'max' }).values;
        for (const fn of ['mean', 'p95'] as const) {
          const mid = aggregate(input, '10m', { fn }).values;
          for (let i = 0; i < mid.length; i++) {
            expect(mid[i]).toBeGreaterThanOrEqual(lo[i] as number);
            expect(mid[i]).toBeLessThanOrEqual(hi[i] as number);
          }
        }
      }),
    );
  });

  it('property: 1h from raw equals 1h from the 15m sums and counts', () => {
    fc.assert(
      fc.property(sample, (pairs) => {
        const input = points(pairs);
        const fine = aggregate(input, '15m', { fn: 'sum' });
        const fineCounts = { timestamps: fine.timestamps, values: fine.counts };
        const coarseSum = aggregate(input, '1h', { fn: 'sum' });
        const coarseMean = aggregate(input, '1h', { fn: 'mean' });
        const rolledSum = aggregate(fine, '1h', { fn: 'sum' });
        const rolledCount = aggregate(fineCounts, '1h', { fn: 'sum' });
        expect(Array.from(rolledSum.timestamps)).toEqual(Array.from(coarseSum.timestamps));
        expect(Array.from(rolledSum.values)).toEqual(Array.from(coarseSum.values));
        expect(Array.from(rolledCount.values)).toEqual(Array.from(coarseSum.counts));
        for (let i = 0; i < coarseMean.values.length; i++) {
          const mean = (rolledSum.values[i] as number) / (rolledCount.values[i] as number);
          expect(coarseMean.values[i]).toBeCloseTo(mean, 9);
        }
      }),
    );
  });

  it('property: the result does not depend on input order', () => {
    fc.assert(
      fc.property(
        sample.chain((pairs) =>
          fc.tuple(fc.constant(pairs), fc.shuffledSubarray(pairs, { minLength: pairs.length })),
        ),
        fc.constantFrom(...AGGREGATE_FNS),
        ([pairs, shuffled], fn) => {
          const a = aggregate(points(pairs), '5m', { fn });
          const b = aggregate(points(shuffled), '5m', { fn });
          expect(Array.from(b.timestamps)).toEqual(Array.from(a.timestamps));
          expect(Array.from(b.values)).toEqual(Array.from(a.values));
          expect(Array.from(b.counts)).toEqual(Array.from(a.counts));
          expect(b.partial).toBe(a.partial);
        },
      ),
    );
  });
});
