/**
 * Geometry of the daily and weekly cycles that seasonal kinds share: slots that
 * divide a day, knots at the centre of each slot's sampled phases, and linear
 * interpolation between knots. Phases are taken from UTC Unix seconds, so a
 * model knows where in its cycles any timestamp falls, however long the gap.
 */

/** Seconds in a day. */
export const DAY_SECONDS = 86_400;

/** Seconds in a week. */
export const WEEK_SECONDS = 7 * DAY_SECONDS;

/**
 * The smallest divisor of a day that is at least `minSeconds` (a whole day when
 * `minSeconds` exceeds one), so slots tile every day identically.
 */
export function daySlotSeconds(minSeconds: number): number {
  if (minSeconds >= DAY_SECONDS) return DAY_SECONDS;
  for (let s = Math.max(1, Math.ceil(minSeconds)); s < DAY_SECONDS; s++) {
    if (DAY_SECONDS % s === 0) return s;
  }
  return DAY_SECONDS;
}

/**
 * Offset of a slot's knot from the slot's start: the centre of the phases a
 * series at `stepSeconds` samples inside it (bucket timestamps mark bucket
 * starts), so a slot's median sits where its knot is.
 */
export function knotOffsetSeconds(slotSeconds: number, stepSeconds: number): number {
  return Math.max(0, slotSeconds - stepSeconds) / 2;
}

/**
 * Fills the entries of a cyclic table whose `counts` are 0 by linear
 * interpolation between the nearest filled entries on either side (wrapping
 * around); every entry becomes `fallback` when none is filled.
 *
 * Cost: O(length), no allocation.
 */
export function fillCyclicGaps(table: Float64Array, counts: Int32Array, fallback: number): void {
  const n = table.length;
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (counts[i]! > 0) {
      first = i;
      break;
    }
  }
  if (first < 0) {
    table.fill(fallback);
    return;
  }
  let previous = first;
  for (let step = 1; step <= n; step++) {
    const i = (first + step) % n;
    if (counts[i]! === 0 && step < n) continue;
    // Entries strictly between `previous` and `i` (cyclically) are empty.
    const gap = (i - previous + n) % n || n;
    const a = table[previous]!;
    const b = table[i]!;
    for (let g = 1; g < gap; g++) table[(previous + g) % n] = a + ((b - a) * g) / gap;
    previous = i;
  }
}
