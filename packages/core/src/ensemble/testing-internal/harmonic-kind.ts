import { MyriadError } from '../../errors.js';
import {
  createPrediction,
  type FitOptions,
  type Model,
  type ModelKind,
  type ModelParams,
  type Points,
  type Prediction,
  type Scorer,
} from '../../model.js';
import { normalCdf } from '../normal.js';

// A tiny model kind for ensemble tests (not shipped: testing-internal is excluded
// from the build): value ≈ a + b·sin(ωt) + c·cos(ωt) with a daily ω, fitted by
// least squares at bucket centres; scale = residual std; score = 2Φ(|r|/σ) − 1.
// It has no state to advance, so `update` only records time.

export interface HarmonicOptions {
  /** Fewer finite points than this → INSUFFICIENT_DATA. Default 24. */
  readonly minPoints: number;
}

const OMEGA = (2 * Math.PI) / 86400;

function createHarmonicModel(coef: Float64Array, info: Model['info']): Model {
  const [a, b, c, sigma] = coef as unknown as [number, number, number, number];
  const half = info.stepSeconds / 2;
  const scoreOne = (t: number, v: number, out: Prediction, i: number) => {
    const x = OMEGA * (t + half);
    const e = a + b * Math.sin(x) + c * Math.cos(x);
    out.expected[i] = e;
    out.lower[i] = e - 3 * sigma;
    out.upper[i] = e + 3 * sigma;
    out.scores[i] = Number.isFinite(v) ? 2 * normalCdf(Math.abs(v - e) / sigma) - 1 : 0;
  };
  const scorer = (): Scorer => {
    let last = info.toSeconds;
    return {
      score: scoreOne,
      update(t: number) {
        if (t >= last) last = t;
      },
    };
  };
  return {
    kind: 'harmonic',
    info,
    byteSize: 64,
    predict(points: Points, out?: Prediction) {
      const n = points.timestamps.length;
      const result = out ?? createPrediction(n);
      for (let i = 0; i < n; i++) {
        scoreOne(points.timestamps[i] as number, points.values[i] as number, result, i);
      }
      return result;
    },
    scorer,
    params(): ModelParams {
      return { kind: 'harmonic', kindVersion: 1, info, header: {}, blocks: { coef } };
    },
  };
}

export const harmonicKind: ModelKind<HarmonicOptions> = {
  name: 'harmonic',
  version: 1,
  defaults: { minPoints: 24 },
  fit(history: Points, options: FitOptions & Partial<HarmonicOptions>): Model {
    const minPoints = options.minPoints ?? 24;
    const half = options.stepSeconds / 2;
    // Normal equations for [1, s, c].
    let n = 0;
    let ss = 0,
      sc = 0,
      cc = 0,
      s1 = 0,
      c1 = 0,
      y1 = 0,
      ys = 0,
      yc = 0,
      yy = 0;
    let from = Number.NaN;
    let to = Number.NaN;
    for (let i = 0; i < history.timestamps.length; i++) {
      const t = history.timestamps[i] as number;
      const y = history.values[i] as number;
      if (!Number.isFinite(y)) continue;
      const s = Math.sin(OMEGA * (t + half));
      const c = Math.cos(OMEGA * (t + half));
      n++;
      s1 += s;
      c1 += c;
      ss += s * s;
      sc += s * c;
      cc += c * c;
      y1 += y;
      ys += y * s;
      yc += y * c;
      yy += y * y;
      if (!(from <= t)) from = t;
      to = t;
    }
    if (n < minPoints) {
      throw new MyriadError('INSUFFICIENT_DATA', `harmonic needs ${minPoints} points, got ${n}`);
    }
    // Solve [[n,s1,c1],[s1,ss,sc],[c1,sc,cc]]·[a,b,c] = [y1,ys,yc] by Cramer's rule.
    const det3 = (m: number[]) =>
      m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
      m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
      m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
    const d = det3([n, s1, c1, s1, ss, sc, c1, sc, cc]);
    const a = det3([y1, s1, c1, ys, ss, sc, yc, sc, cc]) / d;
    const b = det3([n, y1, c1, s1, ys, sc, c1, yc, cc]) / d;
    const c = det3([n, s1, y1, s1, ss, ys, c1, sc, yc]) / d;
    let sse = 0;
    for (let i = 0; i < history.timestamps.length; i++) {
      const t = history.timestamps[i] as number;
      const y = history.values[i] as number;
      if (!Number.isFinite(y)) continue;
      const r = y - (a + b * Math.sin(OMEGA * (t + half)) + c * Math.cos(OMEGA * (t + half)));
      sse += r * r;
    }
    const sigma = Math.max(Math.sqrt(sse / Math.max(1, n - 3)), 1e-9);
    const mean = y1 / n;
    const info = {
      stepSeconds: options.stepSeconds,
      fromSeconds: from,
      toSeconds: to,
      count: n,
      mean,
      std: Math.sqrt(Math.max(0, yy / n - mean * mean)),
    };
    return createHarmonicModel(Float64Array.of(a, b, c, sigma), info);
  },
  restore(params: ModelParams): Model {
    const coef = params.blocks['coef'];
    if (!(coef instanceof Float64Array) || coef.length !== 4) {
      throw new MyriadError('INVALID_PARAMS', 'harmonic needs a Float64Array block coef of 4');
    }
    return createHarmonicModel(coef, params.info);
  },
};
