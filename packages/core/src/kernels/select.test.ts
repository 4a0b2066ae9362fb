import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianInPlace, selectInPlace } from './select.js';

const values = fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), {
  minLength: 1,
  maxLength: 200,
});
// Many duplicates, as quantised telemetry has.
const quantised = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 200 });

function sortedCopy(a: readonly number[]): number[] {
  return [...a].sort((x, y) => x - y);
}

describe('selectInPlace', () => {
  it('finds the k-th smallest value of any range', () => {
    fc.assert(
      fc.property(fc.oneof(values, quantised), fc.nat(), fc.nat(), (a, x, y) => {
        const from = x % a.length;
        const to = from + 1 + (y % (a.length - from));
        const k = (x + y) % (to - from);
        const arr = Float64Array.from(a);
        const expected = sortedCopy(a.slice(from, to))[k];
        expect(selectInPlace(arr, from, to, k)).toBe(expected);
        expect(arr[from + k]).toBe(expected);
        // Only the range is reordered, as a permutation.
        expect(sortedCopy([...arr.subarray(from, to)])).toEqual(sortedCopy(a.slice(from, to)));
        expect([...arr.subarray(0, from)]).toEqual(a.slice(0, from));
        expect([...arr.subarray(to)]).toEqual(a.slice(to));
      }),
    );
  });
});

describe('medianInPlace', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    fc.assert(
      fc.property(fc.oneof(values, quantised), (a) => {
        const s = sortedCopy(a);
        const m = s.length;
        const expected =
          m % 2 === 1 ? s[(m - 1) / 2] : 0.5 * ((s[m / 2 - 1] as number) + (s[m / 2] as number));
        expect(medianInPlace(Float64Array.from(a), 0, m)).toBe(expected);
      }),
    );
  });

  it('is NaN for an empty range', () => {
    expect(medianInPlace(new Float64Array(3), 1, 1)).toBeNaN();
  });
});
