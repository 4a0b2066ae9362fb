import { BucketAccumulator } from './bucket-accumulator.js';
import { MyriadError } from './errors.js';
import { parseResolution, type Resolution } from './series.js';

/**
 * Bucketing of raw points into fixed UTC-aligned intervals.
 *
 * Rules (each counted in {@link AggregateStats}):
 * - Buckets start at integer multiples of the resolution since the Unix epoch
 *   (UTC); a bucket's timestamp is its start, and it holds `[start, start + step)`.
 * - Gaps stay gaps: a bucket with no finite value is not emitted (no NaN fill).
 *   Models see the gap through the timestamps and advance their state over it.
 * - Unsorted input is sorted (stably) before bucketing.
 * - Duplicate timestamps are all kept: every value lands in the bucket.
 * - A non-finite timestamp drops its point; a NaN, null, undefined or ±Infinity
 *   value drops its point. No aggregate is ever computed from a non-finite value.
 */

/** How the values of one bucket are reduced. `p95` interpolates linearly between order statistics. */
export type AggregateFn = 'mean' | 'min' | 'max' | 'sum' | 'count' | 'p95';

/** Every {@link AggregateFn}, in a stable order. */
export const AGGREGATE_FNS: readonly AggregateFn[] = ['mean', 'min', 'max', 'sum', 'count', 'p95'];

/** Points as they arrive from outside: values may be null or undefined for missing. */
export interface RawPoints {
  /** Unix seconds; any order. */
  readonly timestamps: ArrayLike<number>;
  readonly values: ArrayLike<number | null | undefined>;
}

/** Options of {@link aggregate}. */
export interface AggregateOptions {
  /** The reduction. Default `mean`. */
  readonly fn?: AggregateFn;
  /**
   * Spacing of the input points in seconds, used only to decide whether the
   * trailing bucket is complete. Default: the median of the last (up to 64)
   * positive gaps between consecutive timestamps, or 0 with fewer than two
   * distinct timestamps.
   */
  readonly inputStepSeconds?: number;
}

/** What {@link aggregate} kept and dropped. `used` = sum of `counts`. */
export interface AggregateStats {
  /** Input points. */
  readonly points: number;
  /** Points aggregated (finite timestamp and value). */
  readonly used: number;
  /** Points dropped for a non-finite timestamp. */
  readonly droppedTimestamps: number;
  /** Points dropped for a NaN, null, undefined or infinite value. */
  readonly droppedValues: number;
  /** Points whose timestamp is below their predecessor's in input order; > 0 means the input was sorted. */
  readonly outOfOrder: number;
  /** Used points whose timestamp equals the previous used point's (after sorting). */
  readonly duplicates: number;
}

/** Buckets of one resolution, ascending, gaps omitted. */
export interface Aggregated extends AggregateStats {
  readonly resolution: Resolution;
  /** Bucket length in seconds (`resolution.seconds`). */
  readonly stepSeconds: number;
  readonly fn: AggregateFn;
  /** Bucket starts, Unix seconds, strictly ascending. */
  readonly timestamps: Float64Array;
  /** One aggregate per bucket; always finite. */
  readonly values: Float64Array;
  /** Finite values in each bucket (≥ 1). */
  readonly counts: Uint32Array;
  /**
   * True when the trailing bucket may be incomplete: its end lies after the
   * last input timestamp plus `inputStepSeconds`. Trainers drop such a bucket.
   */
  readonly partial: boolean;
  /** The input spacing used for `partial`, in seconds. */
  readonly inputStepSeconds: number;
}

/**
 * Reads a resolution given as text (`15m`), seconds or a {@link Resolution}.
 * @throws MyriadError `INVALID_RESOLUTION`.
 */
export function toResolution(value: string | number | Resolution): Resolution {
  if (typeof value === 'object' && value !== null) {
    const seconds = (value as Resolution).seconds;
    if (!Number.isInteger(seconds) || seconds <= 0) {
      throw new MyriadError(
        'INVALID_RESOLUTION',
        `resolution seconds must be a positive integer, got ${String(seconds)}`,
      );
    }
    return parseResolution(seconds);
  }
  return parseResolution(value);
}

/** @throws MyriadError `INVALID_OPTIONS` naming `name` when `fn` is not an {@link AggregateFn}. */
export function checkAggregateFn(fn: unknown, name = 'fn'): AggregateFn {
  if (typeof fn !== 'string' || !(AGGREGATE_FNS as readonly string[]).includes(fn)) {
    throw new MyriadError(
      'INVALID_OPTIONS',
      `${name} must be one of ${AGGREGATE_FNS.join(', ')}, got ${JSON.stringify(fn) ?? String(fn)}`,
    );
  }
  return fn as AggregateFn;
}

function checkPoints(points: RawPoints): number {
  if (typeof points !== 'object' || points === null) {
    throw new MyriadError('INVALID_INPUT', 'points must be an object {timestamps, values}');
  }
  const { timestamps, values } = points;
  if (typeof timestamps?.length !== 'number' || typeof values?.length !== 'number') {
    throw new MyriadError('INVALID_INPUT', 'points.timestamps and points.values must be arrays');
  }
  if (timestamps.length !== values.length) {
    throw new MyriadError(
      'INVALID_INPUT',
      `points.timestamps has ${timestamps.length} entries but points.values has ${values.length}`,
    );
  }
  return timestamps.length;
}

/** Median of the last (up to 64) positive gaps of the ascending finite timestamps in `order`. */
function inferStep(ts: ArrayLike<number>, order: ArrayLike<number>, count: number): number {
  const gaps: number[] = [];
  for (let j = count - 1; j > 0 && gaps.length < 64; j--) {
    const gap = (ts[order[j] as number] as number) - (ts[order[j - 1] as number] as number);
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1] as number;
}

/**
 * Aggregates raw points into buckets of `resolution` (see the rules above).
 * O(n) for sorted input, O(n log n) otherwise; allocates the output arrays
 * (and an index permutation when the input is unsorted).
 * @throws MyriadError `INVALID_INPUT` (not arrays, lengths differ), `INVALID_RESOLUTION`,
 *   `INVALID_OPTIONS` (unknown `fn`, negative or non-finite `inputStepSeconds`).
 */
export function aggregate(
  points: RawPoints,
  resolution: string | number | Resolution,
  options: AggregateOptions = {},
): Aggregated {
  const n = checkPoints(points);
  const res = toResolution(resolution);
  const fn = checkAggregateFn(options.fn ?? 'mean', 'options.fn');
  const givenStep = options.inputStepSeconds;
  if (givenStep !== undefined && !(Number.isFinite(givenStep) && givenStep >= 0)) {
    throw new MyriadError(
      'INVALID_OPTIONS',
      `options.inputStepSeconds must be a finite number ≥ 0, got ${String(givenStep)}`,
    );
  }
  const ts = points.timestamps;
  const vs = points.values;
  const step = res.seconds;

  // Pass 1: finite-timestamp indices, order check.
  const order = new Uint32Array(n);
  let kept = 0;
  let outOfOrder = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = ts[i] as number;
    if (typeof t !== 'number' || !Number.isFinite(t)) continue;
    if (t < previous) outOfOrder++;
    previous = t;
    order[kept++] = i;
  }
  const droppedTimestamps = n - kept;
  let sorted: ArrayLike<number> = order;
  if (outOfOrder > 0) {
    // Stable: ties keep input order, so duplicates reduce in a deterministic order.
    const idx = Array.from(order.subarray(0, kept));
    idx.sort((a, b) => (ts[a] as number) - (ts[b] as number) || a - b);
    sorted = idx;
  }
  const inputStepSeconds = givenStep ?? inferStep(ts, sorted, kept);

  // Pass 2: bucket the used points. Buckets ≤ used points, so n bounds the output.
  const outT = new Float64Array(kept);
  const outV = new Float64Array(kept);
  const outC = new Uint32Array(kept);
  const acc = new BucketAccumulator(fn);
  let buckets = 0;
  let bucket = Number.NaN;
  let droppedValues = 0;
  let duplicates = 0;
  let lastUsedT = Number.NaN;
  for (let j = 0; j < kept; j++) {
    const i = sorted[j] as number;
    const v = vs[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      droppedValues++;
      continue;
    }
    const t = ts[i] as number;
    if (t === lastUsedT) duplicates++;
    lastUsedT = t;
    const b = Math.floor(t / step) * step;
    if (b !== bucket) {
      if (acc.count > 0) {
        outT[buckets] = bucket;
        outV[buckets] = acc.value();
        outC[buckets] = acc.count;
        buckets++;
      }
      acc.reset();
      bucket = b;
    }
    acc.add(v);
  }
  if (acc.count > 0) {
    outT[buckets] = bucket;
    outV[buckets] = acc.value();
    outC[buckets] = acc.count;
    buckets++;
  }
  const lastT = kept > 0 ? (ts[sorted[kept - 1] as number] as number) : Number.NaN;
  const partial = buckets > 0 && bucket + step > lastT + inputStepSeconds;
  const used = kept - droppedValues;
  return {
    resolution: res,
    stepSeconds: step,
    fn,
    timestamps: buckets === kept ? outT : outT.slice(0, buckets),
    values: buckets === kept ? outV : outV.slice(0, buckets),
    counts: buckets === kept ? outC : outC.slice(0, buckets),
    partial,
    inputStepSeconds,
    points: n,
    used,
    droppedTimestamps,
    droppedValues,
    outOfOrder,
    duplicates,
  };
}
