import { aggregate, type Resolution } from '@myriad/core';

/** One level's buckets: start, sum, count. */
type Level = [Float64Array, Float64Array, Float64Array];

/** Two sets of three working arrays (start, sum, count), kept between calls. */
let scratch = new Float64Array(0);

/** Three arrays of `n` entries from set `set` (0 or 1) of the scratch. */
function work(set: number, n: number): Level {
  const size = scratch.length / 6;
  const base = set * 3 * size;
  const view = (i: number) => scratch.subarray(base + i * size, base + i * size + n);
  return [view(0), view(1), view(2)];
}

/** Buckets of one resolution: what the trainer fits on. */
export interface Buckets {
  readonly resolution: Resolution;
  /** Bucket starts (Unix seconds), ascending; complete buckets only. */
  readonly timestamps: Float64Array;
  /** Mean of each bucket's finite values. */
  readonly values: Float64Array;
}

/**
 * Aggregates ascending raw points to several resolutions by their mean, each
 * without its incomplete trailing bucket — the result of core's `aggregate`
 * (then dropping a `partial` bucket) for every resolution, computed in one
 * pass: the finest level from the points, each coarser one from the level
 * below (sums and counts combine exactly), so three resolutions cost about
 * one. Means agree with `aggregate` to rounding: the sums are added in
 * another order, and `aggregate`'s clamp of the mean to the bucket's range
 * (which only ever moves it by an ulp) is left out.
 *
 * Falls back to `aggregate` per resolution when the cascade does not apply:
 * unsorted or non-finite timestamps, or a resolution that is not a multiple
 * of the next finer one.
 *
 * O(n + buckets); allocates only the output arrays (working arrays are reused;
 * not reentrant, which JavaScript's single thread makes safe).
 * @param resolutions ascending by seconds, distinct.
 * @param inputStepSeconds spacing of the raw points (decides whether the trailing bucket is complete).
 */
export function aggregateCascade(
  points: { readonly timestamps: ArrayLike<number>; readonly values: ArrayLike<number> },
  resolutions: readonly Resolution[],
  inputStepSeconds: number,
): Buckets[] {
  const ts = points.timestamps;
  const vs = points.values;
  const n = ts.length;
  if (!cascadable(ts, resolutions))
    return resolutions.map((r) => viaCore(points, r, inputStepSeconds));
  const lastT = n > 0 ? (ts[n - 1] as number) : Number.NaN;

  // Levels work in scratch kept between calls (alternating two sets): allocating
  // ~250 KB per series costs more in GC and cache misses than the passes themselves.
  if (scratch.length < 6 * n) scratch = new Float64Array(6 * Math.max(n, 1024));
  const first = resolutions[0] as Resolution;
  let level = work(0, n);
  let k = bucketPoints(ts, vs, n, first.seconds, level);
  const out: Buckets[] = [emit(first, level, k, lastT, inputStepSeconds)];
  for (let i = 1; i < resolutions.length; i++) {
    const res = resolutions[i] as Resolution;
    const next = work(i % 2, k);
    k = mergeBuckets(level, k, res.seconds, next);
    level = next;
    out.push(emit(res, level, k, lastT, inputStepSeconds));
  }
  return out;
}

function emit(
  resolution: Resolution,
  level: Level,
  k: number,
  lastT: number,
  inputStepSeconds: number,
): Buckets {
  const [start, sum, count] = level;
  // aggregate's rule: the trailing bucket is partial when it ends after the last point plus one input step.
  const partial = k > 0 && (start[k - 1] as number) + resolution.seconds > lastT + inputStepSeconds;
  const length = partial ? k - 1 : k;
  const timestamps = start.slice(0, length);
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) values[i] = (sum[i] as number) / (count[i] as number);
  return { resolution, timestamps, values };
}

/** Level 0: points (ascending) into buckets of `step`. A bucket starts only past the current one's end. */
function bucketPoints(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  n: number,
  step: number,
  level: Level,
): number {
  const [start, sum, count] = level;
  let k = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = vs[i] as number;
    if (v - v !== 0) continue; // NaN or ±Infinity
    const t = ts[i] as number;
    if (t >= end) {
      const b = Math.floor(t / step) * step;
      end = b + step;
      start[k] = b;
      sum[k] = v;
      count[k] = 1;
      k++;
    } else {
      const j = k - 1;
      sum[j] = (sum[j] as number) + v;
      count[j] = (count[j] as number) + 1;
    }
  }
  return k;
}

/** A coarser level from the `k` buckets of the level below (sums and counts combine exactly). */
function mergeBuckets(from: Level, k: number, step: number, to: Level): number {
  const [start, sum, count] = from;
  const [nStart, nSum, nCount] = to;
  let m = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) {
    const t = start[i] as number;
    if (t >= end) {
      const b = Math.floor(t / step) * step;
      end = b + step;
      nStart[m] = b;
      nSum[m] = sum[i] as number;
      nCount[m] = count[i] as number;
      m++;
    } else {
      const j = m - 1;
      nSum[j] = (nSum[j] as number) + (sum[i] as number);
      nCount[j] = (nCount[j] as number) + (count[i] as number);
    }
  }
  return m;
}

function cascadable(ts: ArrayLike<number>, resolutions: readonly Resolution[]): boolean {
  if (resolutions.length === 0) return false;
  for (let i = 1; i < resolutions.length; i++) {
    const finer = (resolutions[i - 1] as Resolution).seconds;
    const coarser = (resolutions[i] as Resolution).seconds;
    if (coarser <= finer || coarser % finer !== 0) return false;
  }
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i] as number;
    if (!Number.isFinite(t) || t < previous) return false;
    previous = t;
  }
  return true;
}

function viaCore(
  points: { readonly timestamps: ArrayLike<number>; readonly values: ArrayLike<number> },
  resolution: Resolution,
  inputStepSeconds: number,
): Buckets {
  const agg = aggregate(points, resolution, { inputStepSeconds });
  const length = agg.timestamps.length - (agg.partial ? 1 : 0);
  return {
    resolution,
    timestamps: agg.timestamps.subarray(0, length),
    values: agg.values.subarray(0, length),
  };
}
