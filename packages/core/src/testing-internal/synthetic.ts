/**
 * Deterministic synthetic telemetry for tests: a level, a daily cycle, an
 * optional smooth weekend dip, an optional trend, and seeded Gaussian noise.
 * Test support only; this folder is not compiled into `dist`.
 */

/** Settings of {@link seasonalSeries}; every field but `stepSeconds` and `count` has a default. */
export interface SyntheticOptions {
  /** Bucket length in seconds. */
  readonly stepSeconds: number;
  /** Number of points. */
  readonly count: number;
  /** First timestamp, Unix seconds; rounded down to a multiple of `stepSeconds`. Default: 2024-01-01T00:00Z (a Monday). */
  readonly startSeconds?: number;
  /** PRNG seed. Default: 1. */
  readonly seed?: number;
  /** Mean level. Default: 100. */
  readonly level?: number;
  /** Peak-to-mean amplitude of the daily cycle. Default: 20. */
  readonly dailyAmplitude?: number;
  /** Depth of the weekend dip (Saturday and Sunday, 6 h cosine ramps). Default: 0. */
  readonly weekendDip?: number;
  /** Standard deviation of the Gaussian noise. Default: 2. */
  readonly noise?: number;
  /** Level change per day. Default: 0. */
  readonly trendPerDay?: number;
}

/** Parallel timestamp and value arrays. */
export interface SyntheticSeries {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** 2024-01-01T00:00:00Z, a Monday. */
export const MONDAY = 1_704_067_200;

/** A seeded uniform generator on [0, 1) (mulberry32). */
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

/** A seeded standard normal generator (Box–Muller). */
export function createGaussian(seed: number): () => number {
  const uniform = createRandom(seed);
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** The noise-free value of the synthetic series at `t`. */
export function seasonalTruth(t: number, options: SyntheticOptions, startSeconds: number): number {
  const level = options.level ?? 100;
  const daily = options.dailyAmplitude ?? 20;
  const dip = options.weekendDip ?? 0;
  const trend = options.trendPerDay ?? 0;
  const dayPhase = (t % 86_400) / 86_400;
  // Two harmonics so the profile is not a pure sine.
  let value =
    level +
    daily *
      (0.8 * Math.sin(2 * Math.PI * (dayPhase - 0.3)) + 0.2 * Math.sin(4 * Math.PI * dayPhase));
  if (dip !== 0) value -= dip * weekendWeight(t);
  return value + (trend * (t - startSeconds)) / 86_400;
}

/** 1 inside Saturday and Sunday (UTC), 0 on weekdays, with 6 h cosine ramps on either side. */
function weekendWeight(t: number): number {
  // Seconds since Saturday 00:00: the epoch was a Thursday, so Saturday starts 2 days in.
  const week = 7 * 86_400;
  const s = (((t - 2 * 86_400) % week) + week) % week;
  const ramp = 6 * 3600;
  const length = 2 * 86_400;
  if (s < length) return 1;
  if (s < length + ramp) return 0.5 * (1 + Math.cos((Math.PI * (s - length)) / ramp));
  if (s > week - ramp) return 0.5 * (1 - Math.cos((Math.PI * (s - (week - ramp))) / ramp));
  return 0;
}

/** A deterministic seasonal series (same options, same numbers). */
export function seasonalSeries(options: SyntheticOptions): SyntheticSeries {
  const step = options.stepSeconds;
  const start = Math.floor((options.startSeconds ?? MONDAY) / step) * step;
  const gaussian = createGaussian(options.seed ?? 1);
  const noise = options.noise ?? 2;
  const timestamps = new Float64Array(options.count);
  const values = new Float64Array(options.count);
  for (let i = 0; i < options.count; i++) {
    const t = start + i * step;
    timestamps[i] = t;
    values[i] = seasonalTruth(t, options, start) + noise * gaussian();
  }
  return { timestamps, values };
}

/** The points `[from, to)` of a series, copied. */
export function slice(
  series: SyntheticSeries,
  from: number,
  to = series.values.length,
): SyntheticSeries {
  return { timestamps: series.timestamps.slice(from, to), values: series.values.slice(from, to) };
}

/** Adds `delta` to the values at `indices` (spikes when positive, dips when negative), in place. */
export function inject(series: SyntheticSeries, indices: readonly number[], delta: number): void {
  for (const i of indices) series.values[i] = (series.values[i] as number) + delta;
}

/** Adds `delta` to every value from `from` to `to` (a level shift), in place. */
export function shiftLevel(series: SyntheticSeries, from: number, to: number, delta: number): void {
  for (let i = from; i < to; i++) series.values[i] = (series.values[i] as number) + delta;
}
