import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal.js';

describe('normal CDF and quantile', () => {
  it('match reference values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 9);
    expect(1 - normalCdf(8) / 1).toBeGreaterThan(0);
    expect((1 - normalCdf(6)) / 9.865876450377e-10).toBeCloseTo(1, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 8);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it('property: Φ(Φ⁻¹(p)) ≈ p and Φ is monotone', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(
          2e-7 * Math.min(p, 1 - p) + 1e-15,
        );
      }),
    );
    fc.assert(
      fc.property(
        fc.double({ min: -9, max: 9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (z, d) => {
          // The erfc fit is continuous to ~1e-7 where its branches meet, monotone beyond that.
          expect(normalCdf(z + d)).toBeGreaterThanOrEqual(normalCdf(z) - 1e-7);
        },
      ),
    );
  });
});
