import { describe, expect, it } from 'vitest';
import { isMyriadError } from './errors.js';
import {
  createLikelihood,
  type LikelihoodOptions,
  type LikelihoodState,
  restoreLikelihood,
  upperTailLog10,
} from './likelihood.js';

/** A reproducible uniform stream, like calibrated scores of normal points. */
function uniforms(n: number, seed = 1): Float64Array {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648;
  }
  return out;
}

function run(
  options: LikelihoodOptions,
  scores: ArrayLike<number>,
  values?: ArrayLike<number>,
): Float64Array {
  const l = createLikelihood(options);
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++)
    out[i] = l.step(i * 60, values?.[i] ?? 0, scores[i] as number);
  return out;
}

describe('upperTailLog10', () => {
  it('is −log10 P(Z > z), continuous where the asymptotic series takes over', () => {
    expect(upperTailLog10(-1)).toBe(0);
    expect(upperTailLog10(3)).toBeCloseTo(-Math.log10(0.0013498980316301), 5);
    expect(upperTailLog10(7.999999)).toBeCloseTo(upperTailLog10(8), 3);
    expect(upperTailLog10(40)).toBeGreaterThan(upperTailLog10(20));
    expect(Number.isFinite(upperTailLog10(1e6))).toBe(true);
  });
});

describe('likelihood', () => {
  it('scores 0 during warm-up and stays low on normal scores, with either tail', () => {
    const out = run({ warmupPoints: 100 }, uniforms(3000));
    const normal = run({ warmupPoints: 100, tail: 'normal' }, uniforms(3000));
    expect(normal.filter((x) => x >= 0.5)).toHaveLength(0);
    for (let i = 0; i < 100; i++) expect(out[i]).toBe(0);
    let high = 0;
    for (let i = 100; i < out.length; i++) if ((out[i] as number) >= 0.5) high++;
    expect(high).toBe(0);
  });

  it('scores a sustained run of surprising points high, and more than a single one', () => {
    const base = uniforms(3000);
    const single = Float64Array.from(base);
    single[2500] = 1 - 1e-9;
    const sustained = Float64Array.from(base);
    for (let i = 2500; i < 2506; i++) sustained[i] = 1 - 1e-6;
    const a = run({}, single);
    const b = run({}, sustained);
    const peak = (x: Float64Array) => Math.max(...x.subarray(2500, 2506));
    expect(peak(b)).toBeGreaterThan(0.5);
    expect(peak(b)).toBeGreaterThan(peak(a));
    expect(a[2499]).toBe(b[2499]);
  });

  it('judges an excursion against the series’ own history: less rare where the model is often surprised', () => {
    const calm = uniforms(3000, 2);
    const jumpy = uniforms(3000, 2).map((u, i) => (i % 20 === 0 ? 1 - 1e-5 : u));
    for (const s of [calm, jumpy]) for (let i = 2800; i < 2806; i++) s[i] = 1 - 1e-5;
    const a = run({ suppressPoints: 0 }, calm);
    const b = run({ suppressPoints: 0 }, jumpy);
    expect(a[2805]).toBeGreaterThan(b[2805] as number);
  });

  it('is causal: appending points never changes earlier outputs', () => {
    const s = uniforms(2000, 5);
    const v = uniforms(2000, 9);
    const options = { rangeTolerance: 0.05, suppressMode: 'novel', suppressPoints: 12 } as const;
    const full = run(options, s, v);
    const prefix = run(options, s.subarray(0, 1200), v.subarray(0, 1200));
    expect(Array.from(full.subarray(0, 1200))).toEqual(Array.from(prefix));
  });

  it('scores a value beyond the seen range (widened by rangeTolerance) as 1', () => {
    const values = uniforms(500, 3).map((u) => 10 + u);
    values[400] = 11.2; // range [10, 11], tolerance 0.05 → alert above 11.05
    values[450] = 11.03;
    const out = run(
      { rangeTolerance: 0.05, warmupPoints: 10 },
      new Float64Array(500).fill(0.5),
      values,
    );
    expect(out[400]).toBe(1);
    expect(out[450]).toBeLessThan(1);
  });

  it('seedRange widens the range without scoring or counting points', () => {
    const l = createLikelihood({ warmupPoints: 2, suppressPoints: 0 });
    l.seedRange([0, 100, Number.NaN]);
    expect(l.points).toBe(0);
    const out = [3, 50, 60, 104, 110].map((v, i) => l.step(i, v, 0.5));
    expect(out[3]).toBeLessThan(1); // inside [0, 100] widened by 5
    // 104 widened the range to [0, 104]: beyond it by more than 5.2
    expect(out[4]).toBe(1);
  });

  it('novel suppression damps repeats within suppressPoints, not a later or higher one', () => {
    const values = new Float64Array(300).fill(5);
    values[0] = 0;
    values[1] = 10;
    values[200] = 20;
    values[201] = 30;
    values[220] = 100;
    const options = {
      rangeTolerance: 0.05,
      warmupPoints: 10,
      suppressMode: 'novel',
      suppressPoints: 10,
      suppressFactor: 0.5,
    } as const;
    const out = run(options, new Float64Array(300).fill(0.5), values);
    expect(out[200]).toBe(1);
    expect(out[201]).toBe(0.5); // another new extreme, but within 10 points of a score as high
    expect(out[220]).toBe(1); // 19 points later: a new alert
  });

  it('level suppression damps the points after a score ≥ suppressLevel', () => {
    const values = new Float64Array(300).fill(5);
    values[0] = 0;
    values[1] = 10;
    values[200] = 20;
    values[201] = 30;
    const options = {
      rangeTolerance: 0.05,
      warmupPoints: 10,
      suppressLevel: 0.9,
      suppressPoints: 3,
      suppressFactor: 0.25,
    } as const;
    const out = run(options, new Float64Array(300).fill(0.5), values);
    expect(out[200]).toBe(1);
    expect(out[201]).toBe(0.25);
  });

  it('continues exactly from a snapshot (JSON header round trip included)', () => {
    const s = uniforms(6000, 4);
    const v = uniforms(6000, 8).map((u, i) => u + (i === 5000 ? 5 : 0));
    for (let i = 4800; i < 4806; i++) s[i] = 1 - 1e-7;
    const options = { longWindow: 1000 };
    const whole = run(options, s, v);
    for (const cut of [0, 100, 3500]) {
      const first = createLikelihood(options);
      for (let i = 0; i < cut; i++) first.step(i * 60, v[i] as number, s[i] as number);
      const snap = first.snapshot();
      const header = JSON.parse(JSON.stringify(snap.header));
      const resumed = restoreLikelihood({ ...snap, header });
      for (let i = cut; i < 6000; i++) {
        expect(resumed.step(i * 60, v[i] as number, s[i] as number)).toBe(whole[i]);
      }
    }
  });

  it('rejects a malformed snapshot', () => {
    const snap = createLikelihood().snapshot();
    const broken = (patch: object) => ({ ...snap, ...patch }) as unknown as LikelihoodState;
    expect(() => restoreLikelihood(broken({ version: 2 }))).toThrow(/version must be 1/);
    expect(() =>
      restoreLikelihood(broken({ blocks: { ...snap.blocks, long: new Float64Array(3) } })),
    ).toThrow(/blocks.long must be 4032 float64/);
    expect(() =>
      restoreLikelihood(broken({ header: { ...snap.header, scalars: [1, 2] } })),
    ).toThrow(/scalars must be 10 finite numbers/);
  });

  it('treats NaN and out-of-range scores as 0 and never returns NaN', () => {
    const s = uniforms(400);
    s[300] = Number.NaN;
    s[301] = 7;
    const out = run({ warmupPoints: 10 }, s, new Float64Array(400).fill(Number.NaN));
    for (const x of out) expect(x >= 0 && x <= 1).toBe(true);
  });

  it.each([
    [{ shortWindow: 0 }, /shortWindow must be an integer in \[1, 10000\]/],
    [{ longWindow: 1.5 }, /longWindow/],
    [{ minStd: 0 }, /minStd must be a number > 0/],
    [{ suppressFactor: 2 }, /suppressFactor must be in \[0, 1\]/],
    [{ warmupPoints: -1 }, /warmupPoints/],
    [{ suppressMode: 'loud' }, /suppressMode must be level or novel/],
    [{ tail: 'fat' }, /tail must be normal or empirical/],
  ] as const)('rejects %o', (options, message) => {
    try {
      createLikelihood(options as LikelihoodOptions);
      expect.unreachable();
    } catch (err) {
      expect(isMyriadError(err, 'INVALID_OPTIONS')).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
  });
});
