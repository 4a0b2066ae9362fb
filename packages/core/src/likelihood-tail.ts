import { normalCdf } from './ensemble/normal.js';

// Numeric helpers of the likelihood post-step (see likelihood.ts).

/** Largest surprise (log10 units): p = 1 − 1e-12. */
export const MAX_SURPRISE = 12;

/** The rarity (−log10 of the tail probability) that scores 0.5: one in 100,000. */
export const RARITY_HALF = 5;

/**
 * −log10 of the standard normal upper tail P(Z > z), accurate far into the
 * tail (asymptotic series past z = 8, where the CDF underflows), 0 for z ≤ 0.
 */
export function upperTailLog10(z: number): number {
  if (!(z > 0)) return 0;
  if (z < 8) return -Math.log10(normalCdf(-z));
  // Mills ratio: P(Z > z) ≈ φ(z)/z · (1 − 1/z² + 3/z⁴).
  const series = 1 - 1 / (z * z) + 3 / (z * z * z * z);
  return (z * z) / (2 * Math.LN10) + Math.log10(z * Math.sqrt(2 * Math.PI)) - Math.log10(series);
}

/** Histogram bins per surprise unit for the empirical tail. */
const BINS_PER_UNIT = 32;
const BINS = MAX_SURPRISE * BINS_PER_UNIT + 1;

/** Counts of the kept averages per bin, with suffix counts in O(log bins) (a Fenwick tree). */
export class BinCounts {
  readonly #tree = new Float64Array(BINS + 1);
  readonly #counts = new Float64Array(BINS);

  static bin(x: number): number {
    return Math.min(BINS - 1, Math.max(0, Math.floor(x * BINS_PER_UNIT)));
  }

  add(bin: number, delta: number): void {
    this.#counts[bin] = (this.#counts[bin] as number) + delta;
    for (let i = bin + 1; i <= BINS; i += i & -i) this.#tree[i] = (this.#tree[i] as number) + delta;
  }

  /** Values in bins 0..bin. */
  upTo(bin: number): number {
    let sum = 0;
    for (let i = bin + 1; i > 0; i -= i & -i) sum += this.#tree[i] as number;
    return sum;
  }

  count(bin: number): number {
    return this.#counts[bin] as number;
  }

  /** Upper edge of the highest non-empty bin, or 0. */
  top(): number {
    for (let b = BINS - 1; b >= 0; b--)
      if ((this.#counts[b] as number) > 0) return (b + 1) / BINS_PER_UNIT;
    return 0;
  }
}
