import { NabError } from '../errors.js';
import type { CostProfile } from './profiles.js';

/** An anomaly window as inclusive 0-based row indices `[first, last]`. */
export type RowWindow = readonly [first: number, last: number];

/**
 * NAB's probationary period: the first `min(floor(0.15·N), 750)` rows of a
 * file are never scored (detectors may learn from them).
 */
export function probationaryRows(rowCount: number): number {
  return Math.min(Math.floor(0.15 * rowCount), 0.15 * 5000);
}

/** NAB's scaled sigmoid: `2/(1+e^(5y)) − 1` for y ≤ 3, and −1 beyond. */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** σ(−1), the largest in-window sigmoid value; in-window rewards are divided by it. */
export const SIGMOID_MAX = scaledSigmoid(-1);

/**
 * Checks that windows are inside `[0, rowCount)`, ordered, non-empty and
 * non-overlapping.
 * @throws NabError `INVALID_NAB_DATA` naming the bad window.
 */
export function checkWindows(rowCount: number, windows: readonly RowWindow[], what: string): void {
  let previousLast = -1;
  for (const [first, last] of windows) {
    if (
      !Number.isInteger(first) ||
      !Number.isInteger(last) ||
      first < 0 ||
      last >= rowCount ||
      first > last
    ) {
      throw new NabError(
        'INVALID_NAB_DATA',
        `${what}: window [${first}, ${last}] is not inside rows 0..${rowCount - 1}`,
      );
    }
    if (first <= previousLast) {
      throw new NabError(
        'INVALID_NAB_DATA',
        `${what}: window [${first}, ${last}] overlaps or precedes the previous one`,
      );
    }
    previousLast = last;
  }
}

/**
 * The per-row weight `s_i` of NAB's scoring (SCORING.md §4): the reward a
 * detection on row i earns inside a window (A_TP at its first row, falling
 * through it), or the (negative) cost of a false positive outside, lenient
 * just after a window. Independent of any detector.
 *
 * O(N), allocates the result unless `out` (length ≥ N) is given.
 * @throws NabError `INVALID_NAB_DATA` for malformed windows.
 */
export function rowWeights(
  rowCount: number,
  windows: readonly RowWindow[],
  profile: CostProfile,
  out: Float64Array = new Float64Array(rowCount),
): Float64Array {
  checkWindows(rowCount, windows, 'rowWeights');
  let row = 0;
  let previousLast = -1;
  let previousWidth = 0;
  for (const [first, last] of windows) {
    for (; row < first; row++) out[row] = outsideWeight(row, previousLast, previousWidth, profile);
    const width = last - first + 1;
    for (; row <= last; row++) {
      out[row] = (profile.tpWeight * scaledSigmoid(-(last - row + 1) / width)) / SIGMOID_MAX;
    }
    previousLast = last;
    previousWidth = width;
  }
  for (; row < rowCount; row++) out[row] = outsideWeight(row, previousLast, previousWidth, profile);
  return out;
}

function outsideWeight(
  row: number,
  previousLast: number,
  previousWidth: number,
  profile: CostProfile,
): number {
  if (previousLast < 0) return -profile.fpWeight;
  // NAB divides by W−1; a one-row window would divide by zero, so it gets no leniency.
  if (previousWidth <= 1) return -profile.fpWeight;
  return profile.fpWeight * scaledSigmoid((row - previousLast) / (previousWidth - 1));
}

/**
 * For each row, the index of the window that holds it, or −1 outside all.
 * O(N), allocates.
 */
export function windowOfRows(rowCount: number, windows: readonly RowWindow[]): Int32Array {
  const out = new Int32Array(rowCount).fill(-1);
  windows.forEach(([first, last], k) => {
    out.fill(k, first, last + 1);
  });
  return out;
}
