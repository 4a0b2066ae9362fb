import { aggregate, type Resolution } from '@myriad/core';

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
 * below (sums, counts, minima and maxima combine exactly), so three
 * resolutions cost about one. Means agree with `aggregate` to rounding (the
 * sums are added in another order) and are clamped to the bucket's range as
 * there.
 *
 * Falls back to `aggregate` per resolution when the cascade does not apply:
 * unsorted or non-finite timestamps, or a resolution that is not a multiple
 * of the next finer one.
 *
 * O(n + buckets); allocates the output arrays and four scratch arrays per level.
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

  // Level 0 from the points.
  const first = resolutions[0] as Resolution;
  let step = first.seconds;
  let start = new Float64Array(n);
  let sum = new Float64Array(n);
  let count = new Float64Array(n);
  let min = new Float64Array(n);
  let max = new Float64Array(n);
  let k = 0;
  // Ascending input: a new bucket starts only past the current one's end (no division per point).
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
      min[k] = v;
      max[k] = v;
      k++;
    } else {
      const j = k - 1;
      sum[j] = (sum[j] as number) + v;
      count[j] = (count[j] as number) + 1;
      if (v < (min[j] as number)) min[j] = v;
      if (v > (max[j] as number)) max[j] = v;
    }
  }
  const out: Buckets[] = [emit(first, start, sum, count, min, max, k, lastT, inputStepSeconds)];

  // Coarser levels from the level below.
  for (let level = 1; level < resolutions.length; level++) {
    const res = resolutions[level] as Resolution;
    step = res.seconds;
    const nStart = new Float64Array(k);
    const nSum = new Float64Array(k);
    const nCount = new Float64Array(k);
    const nMin = new Float64Array(k);
    const nMax = new Float64Array(k);
    let m = 0;
    let bucket = Number.NaN;
    for (let i = 0; i < k; i++) {
      const b = Math.floor((start[i] as number) / step) * step;
      if (b !== bucket) {
        bucket = b;
        nStart[m] = b;
        nSum[m] = sum[i] as number;
        nCount[m] = count[i] as number;
        nMin[m] = min[i] as number;
        nMax[m] = max[i] as number;
        m++;
      } else {
        const j = m - 1;
        nSum[j] = (nSum[j] as number) + (sum[i] as number);
        nCount[j] = (nCount[j] as number) + (count[i] as number);
        if ((min[i] as number) < (nMin[j] as number)) nMin[j] = min[i] as number;
        if ((max[i] as number) > (nMax[j] as number)) nMax[j] = max[i] as number;
      }
    }
    start = nStart;
    sum = nSum;
    count = nCount;
    min = nMin;
    max = nMax;
    k = m;
    out.push(emit(res, start, sum, count, min, max, k, lastT, inputStepSeconds));
  }
  return out;
}

function emit(
  resolution: Resolution,
  start: Float64Array,
  sum: Float64Array,
  count: Float64Array,
  min: Float64Array,
  max: Float64Array,
  k: number,
  lastT: number,
  inputStepSeconds: number,
): Buckets {
  // aggregate's rule: the trailing bucket is partial when it ends after the last point plus one input step.
  const partial = k > 0 && (start[k - 1] as number) + resolution.seconds > lastT + inputStepSeconds;
  const length = partial ? k - 1 : k;
  const timestamps = start.slice(0, length);
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const mean = (sum[i] as number) / (count[i] as number);
    values[i] = Math.min(max[i] as number, Math.max(min[i] as number, mean));
  }
  return { resolution, timestamps, values };
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
