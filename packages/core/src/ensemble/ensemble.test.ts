import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMyriadError } from '../errors.js';
import { createEnsemble, type EnsembleResult } from './index.js';
import type { EnsembleMember } from './options.js';
import { laterSeries, trainHarmonicMembers } from './testing-internal/fixture.js';
import { inject } from './testing-internal/synthetic.js';

let members: readonly EnsembleMember[];
beforeAll(() => {
  members = trainHarmonicMembers();
});

function count(a: Uint8Array, from = 0, to = a.length): number {
  let c = 0;
  for (let i = from; i < to; i++) c += a[i] as number;
  return c;
}

function rows(r: EnsembleResult, upTo: number) {
  const take = (a: ArrayLike<number>) => Array.from(a).slice(0, upTo);
  return {
    combined: take(r.combined),
    raw: take(r.rawCombined),
    scores: r.scores.map(take),
    expected: take(r.expected),
    lower: take(r.lower),
    upper: take(r.upper),
    alert: take(r.alert),
  };
}

describe('Ensemble on a seasonal series', () => {
  it('scores clean points low and rarely alerts', () => {
    const clean = laterSeries(2);
    const r = createEnsemble({ members }).score(clean);
    expect(r.resolutions).toEqual(['1m', '15m', '1h']);
    let below = 0;
    for (const c of r.combined) if (c < 0.9) below++;
    expect(below / r.length).toBeGreaterThan(0.9);
    expect(count(r.alert) / r.length).toBeLessThan(0.01);
  });

  it('alerts on a spike, a dip and a level shift', () => {
    const s = laterSeries(1);
    inject(s.values, 200, 201, 40); // spike: 20σ for one minute
    inject(s.values, 500, 501, -40); // dip
    inject(s.values, 800, 980, 10); // level shift: 5σ for three hours
    const r = createEnsemble({ members }).score(s);
    expect(r.alert[200]).toBe(1);
    expect(r.alert[500]).toBe(1);
    expect(r.combined[200]).toBeGreaterThan(0.99);
    expect(count(r.alert, 800, 980)).toBeGreaterThan(150);
    expect(r.expected[200]).toBeGreaterThan(70);
    expect(r.upper[200]).toBeGreaterThan(r.lower[200] as number);
  });

  it('scores a one-minute blip lower than a sustained shift of the same size', () => {
    const blip = laterSeries(1);
    const shift = laterSeries(1);
    inject(blip.values, 600, 601, 8); // 4σ, once
    inject(shift.values, 570, 690, 8); // 4σ for two hours; point 600 is 30 minutes in
    const ensemble = createEnsemble({ members });
    const b = ensemble.score(blip);
    const s = ensemble.score(shift);
    expect(b.scores[0]?.[600]).toBeGreaterThan(0.99); // the 1m member alone sees it
    expect(b.combined[600]).toBeLessThan(0.99);
    expect(s.combined[600]).toBeGreaterThan(0.999);
    expect(b.combined[600]).toBeLessThan(s.combined[600] as number);
    expect(b.alert[600]).toBe(0);
  });

  it('never changes earlier results when points are appended (no look-ahead)', () => {
    const s = laterSeries(0.5);
    inject(s.values, 300, 420, 12);
    const ensemble = createEnsemble({ members, alert: { confirm: { n: 2, m: 3 } } });
    const full = ensemble.score(s);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: s.timestamps.length }), (k) => {
        const prefix = ensemble.score({
          timestamps: s.timestamps.subarray(0, k),
          values: s.values.subarray(0, k),
        });
        expect(rows(prefix, k)).toEqual(rows(full, k));
      }),
      { numRuns: 25 },
    );
  });

  it('gives identical results through the streaming scorer', () => {
    const s = laterSeries(0.5);
    inject(s.values, 100, 160, 15);
    s.values[40] = Number.NaN;
    const ensemble = createEnsemble({ members, alert: { suppressSeconds: 600 } });
    const batch = ensemble.score(s);
    const out = ensemble.createResult(s.timestamps.length);
    const scorer = ensemble.scorer();
    for (let i = 0; i < s.timestamps.length; i++) {
      scorer.push(s.timestamps[i] as number, s.values[i] as number, out, i);
    }
    expect(rows(out, out.length)).toEqual(rows(batch, batch.length));
    expect(scorer.lastTimestampSeconds).toBe(s.timestamps[s.timestamps.length - 1]);
  });

  it('suppresses alerts for suppressSeconds after one', () => {
    const s = laterSeries(1);
    inject(s.values, 300, 540, 20); // four hours
    const loud = createEnsemble({ members }).score(s);
    const quiet = createEnsemble({ members, alert: { suppressSeconds: 3600 } }).score(s);
    expect(count(loud.alert, 300, 540)).toBeGreaterThan(200);
    expect(count(quiet.alert, 300, 540)).toBe(4);
    const times: number[] = [];
    for (let i = 0; i < s.timestamps.length; i++)
      if (quiet.alert[i]) times.push(s.timestamps[i] as number);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(3600);
    }
  });

  it('confirms N of M: a lone spike is ignored, a sustained shift alerts from its Nth point', () => {
    const s = laterSeries(1);
    inject(s.values, 200, 201, 40);
    inject(s.values, 600, 700, 20);
    const r = createEnsemble({ members, alert: { confirm: { n: 3, m: 5 } } }).score(s);
    expect(r.combined[200]).toBeGreaterThan(0.99);
    expect(count(r.alert, 190, 210)).toBe(0);
    expect(Array.from(r.alert.subarray(600, 603))).toEqual([0, 0, 1]);
  });

  it('respects direction and minimum deviation', () => {
    const s = laterSeries(1);
    inject(s.values, 200, 201, 40);
    inject(s.values, 500, 501, -40);
    const down = createEnsemble({ members, alert: { direction: 'down' } }).score(s);
    const up = createEnsemble({ members, alert: { direction: 'up' } }).score(s);
    expect([down.alert[200], down.alert[500]]).toEqual([0, 1]);
    expect([up.alert[200], up.alert[500]]).toEqual([1, 0]);
    const far = createEnsemble({ members, alert: { minDeviation: 45 } }).score(s);
    expect(far.alert[200]).toBe(0);
    const rel = createEnsemble({ members, alert: { minRelativeDeviation: 0.5 } }).score(s);
    expect(rel.alert[200]).toBe(0); // 40 is below half of ~100
    expect(
      createEnsemble({ members, alert: { minRelativeDeviation: 0.2 } }).score(s).alert[200],
    ).toBe(1);
  });

  it('never outputs NaN from NaN, null or infinite values; such points score 0', () => {
    const s = laterSeries(0.25);
    const values: Array<number | null> = Array.from(s.values);
    for (let i = 0; i < values.length; i += 7) values[i] = Number.NaN;
    values[50] = null;
    values[51] = Number.POSITIVE_INFINITY;
    for (let i = 200; i < 300; i++) values[i] = Number.NaN; // a whole 1h bucket missing in part
    const r = createEnsemble({ members }).score({
      timestamps: s.timestamps,
      values: values as number[],
    });
    for (const a of [r.combined, r.rawCombined, r.expected, r.lower, r.upper, ...r.scores]) {
      for (const x of a) expect(Number.isNaN(x)).toBe(false);
    }
    for (const i of [0, 7, 50, 51, 250]) {
      expect([r.combined[i], r.scores[0]?.[i], r.scores[2]?.[i], r.alert[i]]).toEqual([0, 0, 0, 0]);
    }
    expect(r.expected[250]).toBeGreaterThan(70);
  });

  it('renormalises weights over members that have a model', () => {
    const withoutHour = members.map((m, i) => (i === 2 ? { ...m, model: null } : m));
    const e = createEnsemble({ members: withoutHour });
    expect(e.members.map((m) => m.weight)[2]).toBe(0);
    expect((e.members[0]?.weight ?? 0) + (e.members[1]?.weight ?? 0)).toBeCloseTo(1, 12);
    expect((e.members[1]?.weight ?? 0) / (e.members[0]?.weight ?? 1)).toBeCloseTo(
      Math.sqrt(15),
      12,
    );
    const s = laterSeries(0.5);
    inject(s.values, 100, 101, 40);
    const r = e.score(s);
    expect(r.scores[2]?.every((x) => x === 0)).toBe(true);
    expect(r.alert[100]).toBe(1);
  });

  it('passes a single member score through unchanged', () => {
    const s = laterSeries(0.25);
    inject(s.values, 100, 101, 6);
    const r = createEnsemble({ members: [members[1] as EnsembleMember] }).score(s);
    expect(Array.from(r.combined)).toEqual(Array.from(r.scores[0] as Float64Array));
  });

  it('runs a post-step per stream before the alert rule', () => {
    const s = laterSeries(0.25);
    inject(s.values, 100, 101, 40);
    let created = 0;
    const e = createEnsemble({
      members,
      postStep: () => {
        created++;
        let previous = 0;
        return {
          step(_t, _v, combined) {
            const out = Math.min(combined, previous); // needs two high points in a row
            previous = combined;
            return out;
          },
        };
      },
    });
    const r = e.score(s);
    e.score(s);
    expect(created).toBe(2);
    expect(r.rawCombined[100]).toBeGreaterThan(0.99);
    expect(r.combined[100]).toBeLessThan(0.99);
    expect(r.alert[100]).toBe(0);
  });

  it('rejects decreasing or non-finite timestamps, naming the index, and keeps its state', () => {
    const e = createEnsemble({ members });
    const at = (t: number[], v: number[]) => () => e.score({ timestamps: t, values: v });
    const t0 = laterSeries(0.01).timestamps[0] as number;
    for (const [fn, text] of [
      [at([t0 + 60, t0], [1, 1]), 'index 1'],
      [at([t0, Number.NaN], [1, 1]), 'index 1 must be finite'],
      [at([t0], [1, 2]), 'points.values has 2'],
    ] as const) {
      try {
        fn();
        throw new Error('expected a throw');
      } catch (err) {
        expect(isMyriadError(err, 'INVALID_INPUT')).toBe(true);
        expect((err as Error).message).toContain(text);
      }
    }
    const scorer = e.scorer();
    const out = e.createResult(2);
    scorer.push(t0 + 60, 100, out, 0);
    expect(() => scorer.push(t0, 100, out, 1)).toThrow(/must not decrease/);
    expect(() => scorer.push(t0 + 120, 100, out, 2)).toThrow(/outside out/);
    scorer.push(t0 + 120, 100, out, 1);
    expect(scorer.lastTimestampSeconds).toBe(t0 + 120);
    expect(() => e.score({ timestamps: [t0], values: [1] }, e.createResult(0))).toThrow(
      /out holds 0/,
    );
  });
});
