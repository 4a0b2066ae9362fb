/**
 * The smallest scale a model may use, so a flat series (robust scale 0) never
 * divides by zero and never calls a rounding-level wiggle an anomaly.
 *
 * The floor is the largest of: half the data's resolution (the smallest
 * non-zero step between consecutive values, e.g. 0.5 for integer counts),
 * {@link RELATIVE_SCALE_FLOOR} of the level's magnitude, and
 * {@link ABSOLUTE_SCALE_FLOOR}. On an ordinary noisy series it is far below
 * the real scale and changes nothing.
 *
 * Cost: one pass over the values, O(n), no allocation.
 */

/** Fraction of the level's magnitude below which a scale is not trusted (1e-4 = 0.01 %). */
export const RELATIVE_SCALE_FLOOR = 1e-4;

/** Absolute scale floor, for a series that sits at exactly zero. */
export const ABSOLUTE_SCALE_FLOOR = 1e-12;

/** The scale floor for `values[0..count)` around `level` (see the module comment). */
export function computeScaleFloor(values: Float64Array, count: number, level: number): number {
  let quantum = Number.POSITIVE_INFINITY;
  for (let i = 1; i < count; i++) {
    const d = Math.abs(values[i]! - values[i - 1]!);
    if (d > 0 && d < quantum) quantum = d;
  }
  const fromResolution = quantum === Number.POSITIVE_INFINITY ? 0 : 0.5 * quantum;
  return Math.max(fromResolution, RELATIVE_SCALE_FLOOR * Math.abs(level), ABSOLUTE_SCALE_FLOOR);
}
