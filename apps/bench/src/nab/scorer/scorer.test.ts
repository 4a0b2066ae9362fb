import { describe, expect, it } from 'vitest';
import { isNabError } from '../errors.js';
import { NAB_PROFILES, parseProfiles } from './profiles.js';
import { normaliseScore, scoreDetector, scoreFile } from './score.js';
import { sweepThresholds } from './sweep.js';
import type { ScoredFile } from './types.js';
import { probationaryRows, rowWeights, SIGMOID_MAX, scaledSigmoid } from './weights.js';

const [standard, lowFp, lowFn] = NAB_PROFILES as [
  (typeof NAB_PROFILES)[0],
  (typeof NAB_PROFILES)[0],
  (typeof NAB_PROFILES)[0],
];

/** SCORING.md §8: 20 rows, P = 3, one window over rows 8..11. */
function toyFile(): ScoredFile {
  const scores = new Float64Array(20);
  scores[1] = 0.9;
  scores[5] = 0.8;
  scores[9] = 0.7;
  scores[10] = 0.95;
  scores[13] = 0.6;
  scores[19] = 0.65;
  return { name: 'toy.csv', rowCount: 20, windows: [[8, 11]], scores };
}

describe('scaled sigmoid', () => {
  it('matches the reference values of SCORING.md §3', () => {
    expect(scaledSigmoid(-1)).toBe(0.9866142981514305);
    expect(scaledSigmoid(-0.5)).toBe(0.8482836399575131);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBe(-0.9866142981514303);
    expect(scaledSigmoid(3)).toBe(-0.9999993881955461);
    expect(scaledSigmoid(3.0001)).toBe(-1);
    expect(SIGMOID_MAX).toBe(0.9866142981514305);
  });
});

describe('probationary period', () => {
  it('is min(floor(0.15 N), 750)', () => {
    expect(probationaryRows(20)).toBe(3);
    expect(probationaryRows(4032)).toBe(604);
    expect(probationaryRows(1127)).toBe(169);
    expect(probationaryRows(5000)).toBe(750);
    expect(probationaryRows(22695)).toBe(750);
  });
});

describe('row weights', () => {
  it('match the worked example of SCORING.md §8', () => {
    const s = rowWeights(20, [[8, 11]], standard);
    for (let i = 0; i < 8; i++) expect(s[i]).toBe(-0.11);
    expect(s[8]).toBeCloseTo(1, 12);
    expect(s[9]).toBe(0.9669890878000605);
    expect(s[10]).toBe(0.8597925669097837);
    expect(s[11]).toBeCloseTo(0.562124, 6);
    expect(s[12]).toBeCloseTo(-0.075049, 6);
    expect(s[13]).toBe(-0.10242205695343354);
    expect(s[19]).toBe(-0.10999964368928278);
  });

  it('reject windows outside the file, reversed or overlapping', () => {
    expect(() => rowWeights(10, [[8, 10]], standard)).toThrow(/not inside rows 0..9/);
    expect(() => rowWeights(10, [[5, 4]], standard)).toThrow(/not inside/);
    expect(() =>
      rowWeights(
        10,
        [
          [1, 4],
          [4, 6],
        ],
        standard,
      ),
    ).toThrow(/overlaps/);
  });
});

describe('file score', () => {
  const table: Array<[number, number, number, number]> = [
    [1.1, -1.0, -1.0, -2.0],
    [0.95, 0.85979256691, 0.85979256691, 0.85979256691],
    [0.9, 0.85979256691, 0.85979256691, 0.85979256691],
    [0.8, 0.74979256691, 0.63979256691, 0.74979256691],
    [0.7, 0.8569890878, 0.7469890878, 0.8569890878],
    [0.65, 0.746989444111, 0.526989800421, 0.746989444111],
    [0.6, 0.644567387157, 0.322145686515, 0.644567387157],
    [0.0, -0.385653704209, -1.771307408419, -0.385653704209],
  ];
  it.each(table)('at θ = %f matches SCORING.md §8', (theta, std, fp, fn) => {
    const file = toyFile();
    expect(scoreFile(file, standard, theta).score).toBeCloseTo(std, 10);
    expect(scoreFile(file, lowFp, theta).score).toBeCloseTo(fp, 10);
    expect(scoreFile(file, lowFn, theta).score).toBeCloseTo(fn, 10);
  });

  it('counts rows, ignoring the probationary ones', () => {
    const o = scoreFile(toyFile(), standard, 0.6);
    expect(o).toMatchObject({ tp: 2, fn: 2, fp: 3, tn: 10, windows: 1, windowsDetected: 1 });
  });

  it('rejects scores outside [0, 1], NaN, and a wrong row count', () => {
    const bad = toyFile();
    (bad.scores as Float64Array)[7] = 1.5;
    expect(() => scoreFile(bad, standard, 0.5)).toThrow(/row 7 is 1.5/);
    (bad.scores as Float64Array)[7] = Number.NaN;
    expect(() => scoreFile(bad, standard, 0.5)).toThrow(/row 7 is NaN/);
    const short = { ...toyFile(), scores: new Float64Array(19) };
    try {
      scoreFile(short, standard, 0.5);
      expect.unreachable();
    } catch (err) {
      expect(isNabError(err, 'INVALID_RESULTS')).toBe(true);
      expect((err as Error).message).toMatch(/19 anomaly scores for 20 data rows/);
    }
  });
});

describe('threshold sweep', () => {
  it('picks θ = 0.95 for every profile on the worked example', () => {
    const results = sweepThresholds([toyFile()], NAB_PROFILES);
    for (const r of results) {
      expect(r.threshold).toBe(0.95);
      expect(r.raw).toBeCloseTo(0.85979256691, 10);
    }
  });

  it('detects nothing (θ = 1.1) when every detection costs more than it earns', () => {
    const scores = new Float64Array(20);
    scores[4] = 1;
    const [r] = sweepThresholds(
      [{ name: 'fp-only.csv', rowCount: 20, windows: [], scores }],
      [standard],
    );
    expect(r).toEqual({ threshold: 1.1, raw: 0 });
  });

  it('agrees with scoring every candidate threshold one by one', () => {
    const files: ScoredFile[] = [];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let f = 0; f < 4; f++) {
      const n = 200 + f * 37;
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) scores[i] = Math.round(rand() * 50) / 50;
      files.push({
        name: `f${f}`,
        rowCount: n,
        windows:
          f === 3
            ? []
            : [
                [60 + f, 90 + f],
                [150, 170],
              ],
        scores,
      });
    }
    const candidates = new Set<number>([1.1]);
    for (const f of files)
      for (let i = probationaryRows(f.rowCount); i < f.rowCount; i++)
        candidates.add(f.scores[i] as number);
    for (const profile of NAB_PROFILES) {
      let best = Number.NEGATIVE_INFINITY;
      for (const t of candidates) {
        let total = 0;
        for (const f of files) total += scoreFile(f, profile, t).score;
        best = Math.max(best, total);
      }
      const [r] = sweepThresholds(files, [profile]);
      expect(r?.raw).toBeCloseTo(best, 9);
      const at = scoreDetector(files, [profile], {
        thresholds: { [profile.name]: r?.threshold as number },
      });
      expect(at.profiles[profile.name]?.raw).toBeCloseTo(best, 9);
    }
  });
});

describe('normalisation', () => {
  it('maps null to 0 and perfect to 100 (SCORING.md §7)', () => {
    expect(normaliseScore(-116, standard, 116)).toBe(0);
    expect(normaliseScore(116, standard, 116)).toBe(100);
    expect(normaliseScore(46.634450197137596, standard, 116)).toBeCloseTo(70.10105611943965, 9);
    expect(normaliseScore(-232, lowFn, 116)).toBe(0);
  });
});

describe('profiles.json', () => {
  it('parses NAB’s format and rejects a missing weight', () => {
    const text = JSON.stringify({
      standard: { CostMatrix: { tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 } },
      reward_low_FP_rate: { CostMatrix: { tpWeight: 1, fnWeight: 1, fpWeight: 0.22, tnWeight: 1 } },
      reward_low_FN_rate: { CostMatrix: { tpWeight: 1, fnWeight: 2, fpWeight: 0.11, tnWeight: 1 } },
    });
    expect(parseProfiles(text)).toEqual(NAB_PROFILES);
    expect(() => parseProfiles(text.replace('"fpWeight":0.22', '"fpWeight":"x"'))).toThrow(
      /reward_low_FP_rate.CostMatrix.fpWeight must be a positive number/,
    );
    expect(() => parseProfiles('{')).toThrow(/not valid JSON/);
  });
});
