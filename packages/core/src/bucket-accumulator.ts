import type { AggregateFn } from './aggregate.js';

/**
 * Running reduction of one bucket's finite values, shared by `aggregate` (batch)
 * and the ensemble (partial buckets, point by point). Internal: not exported
 * from the package.
 *
 * O(1) per `add` and `value` for every fn but `p95`, which keeps the values
 * (amortised O(1) add, O(k log k) value, no allocation once grown).
 */
export class BucketAccumulator {
  readonly fn: AggregateFn;
  /** Finite values added since the last reset. */
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  #kept: Float64Array;
  #scratch: Float64Array;

  constructor(fn: AggregateFn) {
    this.fn = fn;
    const size = fn === 'p95' ? 64 : 0;
    this.#kept = new Float64Array(size);
    this.#scratch = new Float64Array(size);
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }

  /** Adds one value; the caller guarantees it is finite. */
  add(v: number): void {
    if (this.fn === 'p95') {
      if (this.count === this.#kept.length) {
        const grown = new Float64Array(this.#kept.length * 2);
        grown.set(this.#kept);
        this.#kept = grown;
        this.#scratch = new Float64Array(grown.length);
      }
      this.#kept[this.count] = v;
    }
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** The reduction of the values so far; NaN when empty (callers never emit an empty bucket). */
  value(): number {
    const k = this.count;
    if (k === 0) return Number.NaN;
    switch (this.fn) {
      case 'mean': {
        // Rounding can put sum / k an ulp outside [min, max]; the mean never is.
        const mean = this.sum / k;
        return Math.min(this.max, Math.max(this.min, mean));
      }
      case 'sum':
        return this.sum;
      case 'count':
        return k;
      case 'min':
        return this.min;
      case 'max':
        return this.max;
      case 'p95': {
        const sorted = this.#scratch.subarray(0, k);
        sorted.set(this.#kept.subarray(0, k));
        sorted.sort();
        const h = (k - 1) * 0.95;
        const lo = Math.floor(h);
        const a = sorted[lo] as number;
        return lo + 1 < k ? a + (h - lo) * ((sorted[lo + 1] as number) - a) : a;
      }
    }
  }
}
