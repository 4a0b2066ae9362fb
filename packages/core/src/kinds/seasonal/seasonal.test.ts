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
import { seasonalKind } from './index.js';

// Detection on seasonal synthetic series (noise σ = 2, daily amplitude 20):
// spikes and dips of ±8σ and a level shift of +8σ must stand far above every
// normal point. Scores are calibrated (0.99 = as rare as 1 in 100 normal
// points), so about 10 % of clean points score 0.9 or more by design; the
// separation asked of a detector is checked at 0.999: at least 99 % of clean
// points score below it, while every anomaly scores above 0.9999.
const cases = [
  { stepSeconds: 60, trainDays: 7, weekendDip: 0 },
  { stepSeconds: 900, trainDays: 28, weekendDip: 10 },
  { stepSeconds: 3600, trainDays: 28, weekendDip: 10 },
] as const;

describe.each(cases)('seasonal at $stepSeconds s, $trainDays days', (c) => {
  const scenario = fitScenario(seasonalKind, { ...c, testDays: 7, seed: 3 });
  const { model, test } = scenario;
  const n = test.values.length;

  it('keeps clean points calibrated', () => {
    const scores = model.predict(test).scores;
    expect(shareAtLeast(scores, 0.999)).toBeLessThanOrEqual(0.01);
    expect(shareAtLeast(scores, 0.99)).toBeLessThanOrEqual(0.02);
    expect(shareAtLeast(scores, 0.9)).toBeLessThanOrEqual(0.15);
  });

  it('scores spikes, dips and a level shift far above normal points', () => {
    const a = slice(test, 0);
    const spikes = [10, 25, 40, 70];
    const dips = [17, 33, 55];
    inject(a, spikes, 16);
    inject(a, dips, -16);
    const shiftFrom = Math.floor(n / 2);
    shiftLevel(a, shiftFrom, n, 16);
    const scores = model.predict(a).scores;
    for (const i of [...spikes, ...dips]) expect(scores[i], `point ${i}`).toBeGreaterThan(0.9999);
    // The profile does not adapt: every shifted point stays anomalous.
    expect(shareAtLeast(scores.subarray(shiftFrom), 0.99)).toBe(1);
  });

  it('expects the seasonal truth, weekends included', () => {
    const p = model.predict(test);
    let worst = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const truth = seasonalTruth(test.timestamps[i] as number, { ...c, count: 0 }, MONDAY);
      const error = Math.abs((p.expected[i] as number) - truth);
      worst = Math.max(worst, error);
      total += error;
    }
    // Within half the noise σ on average, two σ at worst (the weekend's edges).
    expect(total / n).toBeLessThan(1);
    expect(worst).toBeLessThan(4);
  });
});

describe('seasonal layout', () => {
  it('keeps 48 slots at 1m and 15m, 24 at 1h, and a coarse weekly table', () => {
    const blocks = (step: number, days: number) =>
      fitScenario(seasonalKind, { stepSeconds: step, trainDays: days, testDays: 0 }).model.params()
        .blocks;
    expect(blocks(60, 7)['location']?.length).toBe(48);
    expect(blocks(60, 7)['weekly']?.length).toBe(56);
    expect(blocks(900, 28)['scale']?.length).toBe(48);
    expect(blocks(3600, 28)['location']?.length).toBe(24);
  });

  it('falls back to one global slot under 2 days and to daily-only under 7', () => {
    const oneDay = fitScenario(seasonalKind, { stepSeconds: 60, trainDays: 1, testDays: 1 });
    expect(oneDay.model.params().blocks['location']?.length).toBe(1);
    expect(oneDay.model.params().blocks['weekly']?.length).toBe(0);
    expect(shareAtLeast(oneDay.model.predict(oneDay.test).scores, 0.999)).toBeLessThan(0.01);
    const threeDays = fitScenario(seasonalKind, { stepSeconds: 60, trainDays: 3, testDays: 1 });
    expect(threeDays.model.params().blocks['location']?.length).toBe(48);
    expect(threeDays.model.params().blocks['weekly']?.length).toBe(0);
  });

  it('learns the weekend from four weeks; a daily-only profile cannot', () => {
    const opts = { stepSeconds: 900, trainDays: 28, testDays: 7, weekendDip: 12, seed: 8 };
    const withWeekly = fitScenario(seasonalKind, opts);
    const series = seasonalSeries({ ...opts, count: 35 * 96 });
    const dailyOnly = seasonalKind.fit(slice(series, 0, 28 * 96), {
      stepSeconds: 900,
      weekly: false,
    });
    // Saturday noon of the test week.
    const saturday = slice(withWeekly.test, 5 * 96 + 48, 5 * 96 + 49);
    const truth = seasonalTruth(saturday.timestamps[0] as number, { ...opts, count: 0 }, MONDAY);
    expect(
      Math.abs((withWeekly.model.predict(saturday).expected[0] as number) - truth),
    ).toBeLessThan(2);
    expect(Math.abs((dailyOnly.predict(saturday).expected[0] as number) - truth)).toBeGreaterThan(
      8,
    );
  });

  it('is robust to outliers in its own training data', () => {
    const clean = fitScenario(seasonalKind, { stepSeconds: 60, trainDays: 7, testDays: 2 });
    const dirty = seasonalSeries({ stepSeconds: 60, count: 9 * 1440, seed: 1 });
    // One point in 50 is a +30 outlier, and a whole hour of day 3 is an incident.
    inject(
      dirty,
      Array.from({ length: (7 * 1440) / 50 }, (_, k) => 50 * k),
      30,
    );
    shiftLevel(dirty, 3 * 1440 + 600, 3 * 1440 + 660, 40);
    const model = seasonalKind.fit(slice(dirty, 0, 7 * 1440), { stepSeconds: 60 });
    const test = slice(dirty, 7 * 1440);
    const a = model.predict(test);
    const b = clean.model.predict(clean.test);
    let drift = 0;
    for (let i = 0; i < a.expected.length; i++) {
      drift = Math.max(drift, Math.abs((a.expected[i] as number) - (b.expected[i] as number)));
    }
    expect(drift).toBeLessThan(1.5);
    expect(shareAtLeast(a.scores, 0.999)).toBeLessThan(0.01);
  });
});

describe('seasonal over gaps', () => {
  it('scores points long after training by their phase of the day and week', () => {
    const { model } = fitScenario(seasonalKind, {
      stepSeconds: 900,
      trainDays: 28,
      testDays: 0,
      weekendDip: 10,
    });
    // Ten days after training, one day of points.
    const later = slice(
      seasonalSeries({ stepSeconds: 900, count: 39 * 96, weekendDip: 10, seed: 4 }),
      38 * 96,
    );
    const p = model.predict(later);
    expect(shareAtLeast(p.scores, 0.999)).toBeLessThan(0.02);
    const spiked = slice(later, 0);
    inject(spiked, [50], 16);
    expect(model.predict(spiked).scores[50]).toBeGreaterThan(0.9999);
  });
});
