import { describe, expect, it } from 'vitest';
import { fitScenario, shareAtLeast } from '../../testing-internal/scenario.js';
import { inject, seasonalSeries, shiftLevel, slice } from '../../testing-internal/synthetic.js';
import { ALPHA_GRID } from './fit.js';
import { baselineKind } from './index.js';

// Detection where a non-seasonal baseline applies: at 1m a daily cycle that
// is slow compared with the step (it moves the level by at most 0.09 = σ/20 a
// step), at 15m and 1h a series without a cycle. See
// ../seasonal/seasonal.test.ts for why separation is checked at 0.999.
const cases = [
  { stepSeconds: 60, trainDays: 7, dailyAmplitude: 20 },
  { stepSeconds: 900, trainDays: 28, dailyAmplitude: 0 },
  { stepSeconds: 3600, trainDays: 28, dailyAmplitude: 0 },
] as const;

describe.each(cases)('baseline at $stepSeconds s, daily amplitude $dailyAmplitude', (c) => {
  const { model, test } = fitScenario(baselineKind, { ...c, testDays: 7, seed: 7 });
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
});

describe('baseline settings', () => {
  it('fits α from its grid, or takes the given one', () => {
    const series = seasonalSeries({ stepSeconds: 60, count: 1440 });
    const fitted = baselineKind.fit(series, { stepSeconds: 60 }).params().header['alpha'];
    expect(ALPHA_GRID).toContain(fitted);
    const given = baselineKind.fit(series, { stepSeconds: 60, alpha: 0.3 }).params().header[
      'alpha'
    ];
    expect(given).toBe(0.3);
  });

  it('clips its own update: an outlier in training barely moves the level', () => {
    const flat = seasonalSeries({ stepSeconds: 3600, count: 24 * 14, dailyAmplitude: 0 });
    const spiked = slice(flat, 0);
    inject(spiked, [flat.values.length - 1], 1000);
    const a = baselineKind.fit(flat, { stepSeconds: 3600, alpha: 0.2 }).params().header;
    const b = baselineKind.fit(spiked, { stepSeconds: 3600, alpha: 0.2 }).params().header;
    // At most α × clip × sd ≈ 0.2 × 3 × 2.
    expect(Math.abs((b['level'] as number) - (a['level'] as number))).toBeLessThan(1.5);
  });
});

describe('baseline over gaps', () => {
  it('keeps its mean and trusts it less the longer the silence', () => {
    const { model, test } = fitScenario(baselineKind, {
      stepSeconds: 60,
      trainDays: 7,
      testDays: 1,
      seed: 2,
    });
    const at = (minutesLater: number) => {
      const p = model.predict(slice(test, minutesLater - 1, minutesLater));
      return { width: (p.upper[0] as number) - (p.lower[0] as number), expected: p.expected[0] };
    };
    const next = at(1);
    const hour = at(60);
    const day = at(1440);
    expect(hour.expected).toBe(next.expected);
    expect(day.expected).toBe(next.expected);
    expect(hour.width).toBeGreaterThan(next.width);
    expect(day.width).toBeGreaterThanOrEqual(hour.width);
    // Capped at the training spread: bandWidth × training std on either side.
    expect(day.width).toBeLessThanOrEqual(2 * 3 * model.info.std * (1 + 1e-9));
    // Clean points after an hour's gap score low once the mean has caught up.
    expect(shareAtLeast(model.predict(slice(test, 60)).scores, 0.999)).toBeLessThan(0.02);
  });
});
