import { describe, expect, it } from 'vitest';
import { DAY_SECONDS, daySlotSeconds, fillCyclicGaps, knotOffsetSeconds } from './cycle.js';

describe('daySlotSeconds', () => {
  it('rounds up to a divisor of a day', () => {
    expect(daySlotSeconds(1800)).toBe(1800);
    expect(daySlotSeconds(60)).toBe(60);
    expect(daySlotSeconds(2000)).toBe(2160);
    expect(daySlotSeconds(7 * 60)).toBe(432);
    expect(daySlotSeconds(DAY_SECONDS)).toBe(DAY_SECONDS);
    expect(daySlotSeconds(3 * DAY_SECONDS)).toBe(DAY_SECONDS);
    for (const s of [1, 59, 61, 1000, 5000, 40_000])
      expect(DAY_SECONDS % daySlotSeconds(s)).toBe(0);
  });
});

describe('knotOffsetSeconds', () => {
  it('centres a knot on the phases a slot samples', () => {
    expect(knotOffsetSeconds(1800, 60)).toBe(870); // 0 … 29 min: centre 14.5 min
    expect(knotOffsetSeconds(3600, 3600)).toBe(0);
  });
});

describe('fillCyclicGaps', () => {
  it('interpolates empty entries between filled neighbours, wrapping around', () => {
    const table = Float64Array.from([0, 9, 9, 3, 9, 9]);
    fillCyclicGaps(table, Int32Array.from([1, 0, 0, 1, 0, 0]), 0);
    expect([...table]).toEqual([0, 1, 2, 3, 2, 1]);
  });

  it('copies a single filled entry everywhere, and uses the fallback when none is', () => {
    const one = Float64Array.from([1, 5, 1]);
    fillCyclicGaps(one, Int32Array.from([0, 1, 0]), 0);
    expect([...one]).toEqual([5, 5, 5]);
    const none = new Float64Array(3);
    fillCyclicGaps(none, new Int32Array(3), 7);
    expect([...none]).toEqual([7, 7, 7]);
  });
});
