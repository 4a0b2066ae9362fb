// Deterministic synthetic series for ensemble tests (not shipped).

/** A seeded uniform PRNG in [0, 1) (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeriesSpec {
  /** First timestamp, Unix seconds. Default 2026-01-05T00:00Z. */
  readonly start?: number;
  readonly stepSeconds?: number;
  readonly count: number;
  readonly seed?: number;
  /** Noise standard deviation. Default 2. */
  readonly noise?: number;
}

/** 100 + 20·sin(daily) + N(0, noise²), at `stepSeconds` (default 60). */
export function seasonalSeries(spec: SeriesSpec): {
  timestamps: Float64Array;
  values: Float64Array;
} {
  const start = spec.start ?? Date.UTC(2026, 0, 5) / 1000;
  const step = spec.stepSeconds ?? 60;
  const random = createRandom(spec.seed ?? 1);
  const noise = spec.noise ?? 2;
  const timestamps = new Float64Array(spec.count);
  const values = new Float64Array(spec.count);
  for (let i = 0; i < spec.count; i++) {
    const t = start + i * step;
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    timestamps[i] = t;
    values[i] = 100 + 20 * Math.sin((2 * Math.PI * t) / 86400) + noise * gauss;
  }
  return { timestamps, values };
}

/** Adds `delta` to values[from, to) in place. */
export function inject(values: Float64Array, from: number, to: number, delta: number): void {
  for (let i = from; i < to && i < values.length; i++) values[i] = (values[i] as number) + delta;
}
