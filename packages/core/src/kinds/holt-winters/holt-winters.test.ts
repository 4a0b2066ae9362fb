import { describe, expect, it } from 'vitest';
import { fitScenario, shareAtLeast } from '../../testing-internal/scenario.js';
import {
  inject,
  MONDAY,
  seasonalSeries,
  seasonalTruth,
  shiftLevel,
  slice,
} from '../../testing-internal/synthetic.js';
import { holtWintersKind } from './index.js';

// Detection on seasonal synthetic series (noise σ = 2, daily amplitude 20);
// see ../seasonal/seasonal.test.ts for why separation is checked at 0.999.
const cases = [
  { stepSeconds: 60, trainDays: 7 },
  { stepSeconds: 900, trainDays: 28 },
  { stepSeconds: 3600, trainDays: 28 },
] as const;

describe.each(cases)('holt-winters at $stepSeconds s, $trainDays days', (c) => {
  const { model, test } = fitScenario(holtWintersKind, { ...c, testDays: 7, seed: 5 });
  const n = test.values.length;

  it('keeps clean points calibrated', () => {
    const scores = model.predict(test).scores;
    expect(shareAtLeast(scores, 0.999)).toBeLessThanOrEqual(0.01);
    expect(shareAtLeast(scores, 0.99)).toBeLessThanOrEqual(0.02);
    expect(shareAtLeast(scores, 0.9)).toBeLessThanOrEqual(0.16);
  });

  it('scores spikes, dips and the start of a level shift far above normal points', () => {
    const a = slice(test, 0);
    const spikes = [10, 25, 40, 70];
    const dips = [17, 33, 55];
    const shiftFrom = Math.floor(n / 2);
    inject(a, spikes, 16);
    inject(a, dips, -16);
    shiftLevel(a, shiftFrom, n, 16);
    const scores = model.predict(a).scores;
    for (const i of [...spikes, ...dips, shiftFrom]) {
      expect(scores[i], `point ${i}`).toBeGreaterThan(0.9999);
    }
  });

  it('forecasts the seasonal truth', () => {
    const p = model.predict(test);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const truth = seasonalTruth(test.timestamps[i] as number, { ...c, count: 0 }, MONDAY);
      total += Math.abs((p.expected[i] as number) - truth);
    }
    expect(total / n).toBeLessThan(1);
  });
});

describe('holt-winters layout and fallbacks', () => {
  it('keeps its season on 48 knots at 1m and 15m, 24 at 1h', () => {
    const knots = (step: number, days: number) =>
      fitScenario(holtWintersKind, {
        stepSeconds: step,
        trainDays: days,
        testDays: 0,
      }).model.params().blocks['season']?.length;
    expect(knots(60, 7)).toBe(48);
    expect(knots(900, 28)).toBe(48);
    expect(knots(3600, 28)).toBe(24);
  });

  it('drops the season under 2 days of history (Holt with damped trend)', () => {
    const { model, test } = fitScenario(holtWintersKind, {
      stepSeconds: 900,
      trainDays: 1,
      testDays: 1,
    });
    expect(model.params().blocks['season']?.length).toBe(0);
    const p = model.predict(test);
    for (const s of p.scores) expect(s >= 0 && s <= 1).toBe(true);
  });

  it('adapts after a lasting level shift', () => {
    const { model, test } = fitScenario(holtWintersKind, {
      stepSeconds: 900,
      trainDays: 28,
      testDays: 7,
      seed: 9,
    });
    const shifted = slice(test, 0);
    shiftLevel(shifted, 100, shifted.values.length, 16);
    const scores = model.predict(shifted).scores;
    expect(scores[100]).toBeGreaterThan(0.9999);
    // A few days on, the shifted level is normal again.
    expect(shareAtLeast(scores.subarray(500), 0.999)).toBeLessThan(0.02);
  });
});

describe('holt-winters over gaps', () => {
  const opts = { stepSeconds: 900, trainDays: 28, testDays: 0, trendPerDay: 2, seed: 13 };
  const { model } = fitScenario(holtWintersKind, opts);
  const series = seasonalSeries({ ...opts, count: 31 * 96 });

  it('advances level, trend and seasonal phase over missing steps', () => {
    // The day after a two-day silence.
    const later = slice(series, 30 * 96);
    const p = model.predict(later);
    let total = 0;
    for (let i = 0; i < later.values.length; i++) {
      const truth = seasonalTruth(later.timestamps[i] as number, { ...opts, count: 0 }, MONDAY);
      total += Math.abs((p.expected[i] as number) - truth);
    }
    expect(total / later.values.length).toBeLessThan(2);
    expect(shareAtLeast(p.scores, 0.999)).toBeLessThan(0.03);
  });

  it('widens the band for the first point after a gap, then narrows it again', () => {
    const next = slice(series, 28 * 96, 28 * 96 + 2);
    const afterGap = slice(series, 29 * 96, 29 * 96 + 2);
    const width = (p: { upper: Float64Array; lower: Float64Array }, i: number) =>
      (p.upper[i] as number) - (p.lower[i] as number);
    const a = model.predict(next);
    const b = model.predict(afterGap);
    expect(width(b, 0)).toBeGreaterThan(width(a, 0));
    expect(width(b, 1)).toBeCloseTo(width(a, 1), 0);
  });

  it('still catches a spike right after the gap is bridged', () => {
    const afterGap = slice(series, 29 * 96, 29 * 96 + 20);
    inject(afterGap, [5], 16);
    expect(model.predict(afterGap).scores[5]).toBeGreaterThan(0.9999);
  });
});
