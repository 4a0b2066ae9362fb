import { beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../model.js';
import { createEnsemble } from './index.js';
import type { EnsembleMember } from './options.js';
import { laterSeries, trainEnd, trainHarmonicMembers } from './testing-internal/fixture.js';
import { inject } from './testing-internal/synthetic.js';

let members: readonly EnsembleMember[];
beforeAll(() => {
  members = trainHarmonicMembers();
});

/** Wraps a model so its scorers record every update (a real model, observed). */
function recording(model: Model, log: Array<[number, number]>): Model {
  return {
    ...model,
    scorer() {
      const inner = model.scorer();
      return {
        score: (t, v, out, i) => inner.score(t, v, out, i),
        update(t, v) {
          log.push([t, v]);
          inner.update(t, v);
        },
      };
    },
  };
}

describe('Ensemble windows', () => {
  it('feeds each completed bucket once, with its full aggregate, after it completes', () => {
    const log: Array<[number, number]> = [];
    const hour = members[2] as EnsembleMember;
    const e = createEnsemble({
      members: [
        members[0] as EnsembleMember,
        { ...hour, model: recording(hour.model as Model, log) },
      ],
    });
    const s = laterSeries(0.25); // six hours
    s.values[70] = Number.NaN; // skipped in the second hour's mean
    const out = e.createResult(s.timestamps.length);
    const scorer = e.scorer();
    for (let i = 0; i < s.timestamps.length; i++) {
      scorer.push(s.timestamps[i] as number, s.values[i] as number, out, i);
      // Only buckets that ended at or before this point have been fed.
      for (const [t] of log) expect(t + 3600).toBeLessThanOrEqual(s.timestamps[i] as number);
    }
    expect(log.map(([t]) => t)).toEqual([0, 1, 2, 3, 4].map((h) => trainEnd + h * 3600));
    const mean = (from: number, to: number) => {
      let sum = 0;
      let n = 0;
      for (let i = from; i < to; i++) {
        const v = s.values[i] as number;
        if (!Number.isNaN(v)) {
          sum += v;
          n++;
        }
      }
      return sum / n;
    };
    expect(log[0]?.[1]).toBeCloseTo(mean(0, 60), 10);
    expect(log[1]?.[1]).toBeCloseTo(mean(60, 120), 10);
  });

  it('trailing: a coarse member still weighs a shift late in the previous bucket; bucket: it does not', () => {
    const s = laterSeries(0.25);
    inject(s.values, 50, 60, 5); // the last ten minutes of the first hour, 2.5σ
    const trailing = createEnsemble({ members }).score(s);
    const bucket = createEnsemble({ members, coarseWindow: 'bucket' }).score(s);
    const clean = createEnsemble({ members, coarseWindow: 'bucket' }).score(laterSeries(0.25));
    // Minute 62 is in the next hour: only the trailing window still holds the shift.
    expect(trailing.scores[2]?.[62]).toBeGreaterThan(0.9);
    expect(bucket.scores[2]?.[62]).toBe(clean.scores[2]?.[62]);
  });

  it('bucket: keeps the no-look-ahead property and matches its streaming form', () => {
    const s = laterSeries(0.2);
    inject(s.values, 100, 200, 10);
    const e = createEnsemble({ members, coarseWindow: 'bucket' });
    const full = e.score(s);
    const prefix = e.score({
      timestamps: s.timestamps.subarray(0, 137),
      values: s.values.subarray(0, 137),
    });
    expect(Array.from(prefix.combined)).toEqual(Array.from(full.combined.subarray(0, 137)));
    expect(Array.from(prefix.scores[2] as Float64Array)).toEqual(
      Array.from((full.scores[2] as Float64Array).subarray(0, 137)),
    );
  });

  it('de-biases partial windows for the season slope inside a bucket', () => {
    // Clean data on a steep part of the daily sine: partial-hour means differ from the
    // hour mean by up to ~2.5 (5σ of the hourly model), but the coarse scores stay calm.
    const s = laterSeries(1);
    const r = createEnsemble({ members, coarseWindow: 'bucket' }).score(s);
    let high = 0;
    for (const x of r.scores[2] as Float64Array) if (x >= 0.99) high++;
    expect(high / r.length).toBeLessThan(0.03);
  });

  it('handles points finer than the finest member (10-second input)', () => {
    const fine = laterSeries(0.5);
    const n = fine.timestamps.length * 6;
    const timestamps = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      timestamps[i] = trainEnd + i * 10;
      values[i] = (fine.values[Math.floor(i / 6)] as number) + ((i % 3) - 1) * 0.5;
    }
    inject(values, 3000, 3360, 10); // an hour-long shift
    const e = createEnsemble({ members, inputStepSeconds: 10 });
    expect(e.members.map((m) => m.pointsPerBucket)).toEqual([6, 90, 360]);
    const r = e.score({ timestamps, values });
    let early = 0;
    for (let i = 0; i < 3000; i++) early += r.alert[i] as number;
    let during = 0;
    for (let i = 3000; i < 3360; i++) during += r.alert[i] as number;
    expect(early / 3000).toBeLessThan(0.02);
    expect(during).toBeGreaterThan(300);
  });
});
