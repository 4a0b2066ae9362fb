import { describe, expect, it } from 'vitest';
import { ABSOLUTE_SCALE_FLOOR, computeScaleFloor, RELATIVE_SCALE_FLOOR } from './scale-floor.js';

describe('computeScaleFloor', () => {
  it('is half the resolution of quantised data', () => {
    const counts = Float64Array.from([3, 4, 4, 6, 5, 3, 3]);
    expect(computeScaleFloor(counts, counts.length, 4)).toBe(0.5);
  });

  it('is a tiny fraction of the level for a flat series', () => {
    const flat = new Float64Array(50).fill(1e6);
    expect(computeScaleFloor(flat, 50, 1e6)).toBe(RELATIVE_SCALE_FLOOR * 1e6);
  });

  it('never reaches zero', () => {
    expect(computeScaleFloor(new Float64Array(10), 10, 0)).toBe(ABSOLUTE_SCALE_FLOOR);
    expect(computeScaleFloor(new Float64Array(0), 0, 0)).toBe(ABSOLUTE_SCALE_FLOOR);
  });
});
