import { describe, expect, it } from 'vitest';
import {
  CALIBRATION_LEVELS,
  Calibrator,
  fitCalibration,
  MAX_TAIL_RATE,
  MIN_TAIL_RATE,
} from './calibrate.js';
import { createGaussian } from './testing-internal/synthetic.js';

function absGaussian(n: number, seed: number): Float64Array {
  const g = createGaussian(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.abs(g());
  return out;
}

function share(calibrator: Calibrator, sample: Float64Array, threshold: number): number {
  let n = 0;
  for (const z of sample) if (calibrator.score(z) >= threshold) n++;
  return n / sample.length;
}

describe('fitCalibration', () => {
  it('keeps an ascending float32 table of |z| quantiles and a bounded tail rate', () => {
    const table = fitCalibration(absGaussian(10_000, 1), 10_000);
    expect(table.quantiles).toBeInstanceOf(Float32Array);
    expect(table.quantiles.length).toBe(CALIBRATION_LEVELS);
    expect(table.quantiles[0]).toBe(0);
    for (let j = 1; j < CALIBRATION_LEVELS; j++) {
      expect(table.quantiles[j]).toBeGreaterThanOrEqual(table.quantiles[j - 1] as number);
    }
    expect(table.topLogP).toBeCloseTo(-Math.log(10_001), 10);
    expect(table.tailRate).toBeGreaterThanOrEqual(MIN_TAIL_RATE);
    expect(table.tailRate).toBeLessThanOrEqual(MAX_TAIL_RATE);
    // The largest level is the largest residual; Gaussian quantiles in between.
    expect(table.quantiles[CALIBRATION_LEVELS - 1]).toBeGreaterThan(3.3);
  });

  it('keeps residuals beyond the histogram range exactly', () => {
    const z = absGaussian(1000, 2);
    z[10] = 40;
    z[20] = 25;
    const table = fitCalibration(z, z.length);
    expect(table.quantiles[CALIBRATION_LEVELS - 1]).toBe(40);
  });

  it('makes a valid table from very few residuals', () => {
    for (const n of [0, 1, 2, 5, 30]) {
      const table = fitCalibration(absGaussian(n, n + 3), n);
      const calibrator = new Calibrator(table);
      for (const z of [0, 0.5, 1, 3, 10, 100]) {
        const s = calibrator.score(z);
        expect(s >= 0 && s <= 1, `n=${n} z=${z} s=${s}`).toBe(true);
      }
      expect(calibrator.score(10)).toBeGreaterThan(calibrator.score(3));
    }
  });
});

describe('Calibrator', () => {
  const calibrator = new Calibrator(fitCalibration(absGaussian(20_000, 7), 20_000));

  it('means the same rarity for every model: score s is exceeded by 1 − s of normal points', () => {
    // Fresh residuals from the same distribution.
    const fresh = absGaussian(100_000, 8);
    expect(share(calibrator, fresh, 0.5)).toBeCloseTo(0.5, 1);
    expect(Math.abs(share(calibrator, fresh, 0.9) - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(share(calibrator, fresh, 0.99) - 0.01)).toBeLessThan(0.002);
    expect(share(calibrator, fresh, 0.9999)).toBeLessThan(0.0005);
  });

  it('rises monotonically from 0 and keeps rising past the largest training residual', () => {
    expect(calibrator.score(0)).toBe(0);
    let previous = 0;
    for (let z = 0; z <= 12; z += 0.01) {
      const s = calibrator.score(z);
      expect(s).toBeGreaterThanOrEqual(previous);
      previous = s;
    }
    const top = calibrator.table.quantiles[CALIBRATION_LEVELS - 1] as number;
    expect(calibrator.score(top + 0.5)).toBeGreaterThan(calibrator.score(top));
    expect(calibrator.score(top + 1)).toBeGreaterThan(calibrator.score(top + 0.5));
    expect(calibrator.score(top + 1)).toBeLessThan(1);
    expect(calibrator.score(1e6)).toBe(1);
  });

  it('scores NaN 0 and infinity 1', () => {
    expect(calibrator.score(Number.NaN)).toBe(0);
    expect(calibrator.score(Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('does not call every deviation of a flat series an anomaly', () => {
    // A flat series: every training residual is 0 (the scale sits on its floor).
    const flat = new Calibrator(fitCalibration(new Float64Array(5000), 5000));
    expect(flat.score(1e-6)).toBeLessThan(0.01);
    expect(flat.score(1)).toBeLessThan(0.9);
    expect(flat.score(3)).toBeGreaterThan(0.9999);
  });
});
