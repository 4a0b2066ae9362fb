import {
  createPrediction,
  createRegistry,
  type FitOptions,
  type KindRegistry,
  type Model,
  type ModelKind,
  type ModelParams,
  MyriadError,
  type Points,
  type Prediction,
  type Scorer,
  type TrainingInfo,
} from '@myriad/core';

/**
 * A small seasonal-profile kind for the store's own tests (the real kinds
 * live in @myriad/core): per-slot mean and scale over a season, and a
 * calibration table of training |z| quantiles.
 */
interface Options {
  seasonSeconds: number;
}

const QUANTILES = 64;

class ProfileModel implements Model {
  readonly kind = 'test-profile';
  readonly byteSize: number;
  constructor(
    readonly info: TrainingInfo,
    readonly seasonSeconds: number,
    readonly loc: Float64Array,
    readonly scale: Float64Array,
    readonly quantiles: Float64Array,
  ) {
    this.byteSize = 256 + loc.byteLength + scale.byteLength + quantiles.byteLength;
  }
  #slot(t: number): number {
    const slots = this.loc.length;
    const s = Math.floor(
      (((t % this.seasonSeconds) + this.seasonSeconds) % this.seasonSeconds) /
        this.info.stepSeconds,
    );
    return Math.min(Math.max(s, 0), slots - 1);
  }
  #scoreZ(z: number): number {
    const q = this.quantiles;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((q[mid] as number) < z) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= q.length) return 1 - 1 / (q.length * (1 + z));
    return lo / q.length;
  }
  predict(points: Points, out?: Prediction): Prediction {
    const n = points.values.length;
    const p = out ?? createPrediction(n);
    for (let i = 0; i < n; i++) {
      const s = this.#slot(points.timestamps[i] as number);
      const mu = this.loc[s] as number;
      const sd = this.scale[s] as number;
      const v = points.values[i] as number;
      p.expected[i] = mu;
      p.lower[i] = mu - 3 * sd;
      p.upper[i] = mu + 3 * sd;
      p.scores[i] = Number.isNaN(v) ? 0 : this.#scoreZ(Math.abs(v - mu) / sd);
    }
    return p;
  }
  scorer(): Scorer {
    return {
      score: (t, v, out, i) => {
        const one = this.predict({ timestamps: [t], values: [v] });
        out.scores[i] = one.scores[0] as number;
        out.expected[i] = one.expected[0] as number;
        out.lower[i] = one.lower[0] as number;
        out.upper[i] = one.upper[0] as number;
      },
      update: () => {},
    };
  }
  params(): ModelParams {
    return {
      kind: this.kind,
      kindVersion: 1,
      info: this.info,
      header: { seasonSeconds: this.seasonSeconds },
      blocks: { loc: this.loc, scale: this.scale, quantiles: this.quantiles },
    };
  }
}

export const testProfileKind: ModelKind<Options> = {
  name: 'test-profile',
  version: 1,
  defaults: { seasonSeconds: 86400 },
  fit(history: Points, options: FitOptions & Partial<Options>): Model {
    const step = options.stepSeconds;
    const season = options.seasonSeconds ?? 86400;
    const slots = Math.max(1, Math.floor(season / step));
    const sum = new Float64Array(slots);
    const sq = new Float64Array(slots);
    const cnt = new Float64Array(slots);
    const n = history.values.length;
    if (n < 2) throw new MyriadError('INSUFFICIENT_DATA', 'need at least 2 points');
    let total = 0;
    let totalSq = 0;
    let finite = 0;
    for (let i = 0; i < n; i++) {
      const v = history.values[i] as number;
      if (Number.isNaN(v)) continue;
      const t = history.timestamps[i] as number;
      const s = Math.min(slots - 1, Math.floor((((t % season) + season) % season) / step));
      sum[s] = (sum[s] as number) + v;
      sq[s] = (sq[s] as number) + v * v;
      cnt[s] = (cnt[s] as number) + 1;
      total += v;
      totalSq += v * v;
      finite++;
    }
    const mean = total / finite;
    const std = Math.sqrt(Math.max(totalSq / finite - mean * mean, 0));
    const loc = new Float64Array(slots);
    const scale = new Float64Array(slots);
    for (let s = 0; s < slots; s++) {
      const c = cnt[s] as number;
      const m = c > 0 ? (sum[s] as number) / c : mean;
      loc[s] = m;
      const varr = c > 1 ? (sq[s] as number) / c - m * m : std * std;
      scale[s] = Math.sqrt(Math.max(varr, 0)) + 1e-3 * (std + 1);
    }
    const zs: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = history.values[i] as number;
      if (Number.isNaN(v)) continue;
      const t = history.timestamps[i] as number;
      const s = Math.min(slots - 1, Math.floor((((t % season) + season) % season) / step));
      zs.push(Math.abs(v - (loc[s] as number)) / (scale[s] as number));
    }
    zs.sort((a, b) => a - b);
    const quantiles = new Float64Array(QUANTILES);
    for (let k = 0; k < QUANTILES; k++) {
      quantiles[k] = zs[
        Math.min(zs.length - 1, Math.floor(((k + 1) / QUANTILES) * zs.length))
      ] as number;
    }
    const info: TrainingInfo = {
      stepSeconds: step,
      fromSeconds: history.timestamps[0] as number,
      toSeconds: history.timestamps[n - 1] as number,
      count: finite,
      mean,
      std,
    };
    return new ProfileModel(info, season, loc, scale, quantiles);
  },
  restore(params: ModelParams): Model {
    const { loc, scale, quantiles } = params.blocks;
    const season = params.header['seasonSeconds'];
    if (
      params.kindVersion !== 1 ||
      !(loc instanceof Float64Array) ||
      !(scale instanceof Float64Array) ||
      !(quantiles instanceof Float64Array) ||
      loc.length !== scale.length ||
      typeof season !== 'number'
    ) {
      throw new MyriadError('INVALID_PARAMS', 'test-profile params do not fit');
    }
    return new ProfileModel(params.info, season, loc, scale, quantiles);
  },
};

/** A registry with the test kind. */
export function createTestRegistry(): KindRegistry {
  return createRegistry([testProfileKind as unknown as ModelKind]);
}

/** Deterministic PRNG (mulberry32) for reproducible series. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic daily-seasonal series at `stepSeconds`, `days` long. */
export function syntheticSeries(stepSeconds: number, days: number, seed: number): Points {
  const rnd = createRandom(seed);
  const n = Math.floor((days * 86400) / stepSeconds);
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  const t0 = 1_700_000_000 - (1_700_000_000 % 86400);
  const base = 100 + rnd() * 900;
  for (let i = 0; i < n; i++) {
    const t = t0 + i * stepSeconds;
    timestamps[i] = t;
    values[i] =
      base +
      0.3 * base * Math.sin((2 * Math.PI * (t % 86400)) / 86400) +
      (rnd() - 0.5) * 0.05 * base;
  }
  return { timestamps, values };
}

/** Fits the test kind on a synthetic series. */
export function fitTestModel(stepSeconds: number, seed: number): Model {
  return testProfileKind.fit(syntheticSeries(stepSeconds, 7, seed), { stepSeconds });
}
