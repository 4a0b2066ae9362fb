import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../builtins.js';
import { fitEnsembleModels } from '../fit-ensemble.js';
import { createEnsemble } from './index.js';
import { laterSeries, trainStart } from './testing-internal/fixture.js';
import { inject, seasonalSeries } from './testing-internal/synthetic.js';

// The ensemble over the built-in kinds, fitted on seven days of 1m seasonal data
// (noise σ = 2) and scoring the two days after.
const registry = createDefaultRegistry();
const history = seasonalSeries({ start: trainStart, count: 7 * 1440, seed: 7 });

function count(a: Uint8Array, from = 0, to = a.length): number {
  let c = 0;
  for (let i = from; i < to; i++) c += a[i] as number;
  return c;
}

const setups = [
  { name: 'seasonal', kinds: 'seasonal' },
  { name: 'holt-winters', kinds: 'holt-winters' },
  { name: 'mixed', kinds: { '1m': 'baseline', '15m': 'holt-winters', '1h': 'seasonal' } },
] as const;

describe.each(setups)('Ensemble of $name models', ({ kinds }) => {
  const fit = fitEnsembleModels(history, { registry, kinds });
  const ensemble = createEnsemble({ members: fit.members });

  it('fits every resolution', () => {
    expect(fit.members.map((m) => m.error?.message ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
  });

  it('rarely alerts on clean days', () => {
    const r = ensemble.score(laterSeries(2));
    expect(count(r.alert) / r.length).toBeLessThan(0.01);
  });

  it('alerts on a spike, a dip and a level shift; appending never changes earlier results', () => {
    const s = laterSeries(1);
    inject(s.values, 200, 201, 40);
    inject(s.values, 500, 501, -40);
    inject(s.values, 800, 920, 12); // 6σ for two hours
    const r = ensemble.score(s);
    expect([r.alert[200], r.alert[500]]).toEqual([1, 1]);
    expect(count(r.alert, 800, 920)).toBeGreaterThan(60);
    const k = 850;
    const prefix = ensemble.score({
      timestamps: s.timestamps.subarray(0, k),
      values: s.values.subarray(0, k),
    });
    expect(Array.from(prefix.combined)).toEqual(Array.from(r.combined.subarray(0, k)));
    for (const a of [r.combined, r.expected, r.lower, r.upper, ...r.scores]) {
      for (const x of a) expect(Number.isFinite(x)).toBe(true);
    }
  });

  it('scores a one-minute blip lower than a sustained shift of the same size', () => {
    const blip = laterSeries(1);
    const shift = laterSeries(1);
    inject(blip.values, 640, 641, 8);
    inject(shift.values, 610, 700, 8);
    const b = ensemble.score(blip);
    const s = ensemble.score(shift);
    expect(b.combined[640]).toBeLessThan(s.combined[640] as number);
    expect(b.alert[640]).toBe(0);
  });
});
