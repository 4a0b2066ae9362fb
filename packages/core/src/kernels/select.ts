/**
 * Order statistics on `Float64Array` ranges, in place.
 *
 * Cost: quickselect (Hoare partition, median-of-three pivot, insertion sort
 * below 16 elements) is O(n) on average, O(n²) in a pathological worst case;
 * it reorders the range and allocates nothing. Values must not be NaN.
 */

/**
 * The `k`-th smallest value of `a[from..to)` (`k` counts from 0 within the range).
 * Reorders the range so that `a[from + k]` holds it, smaller values before and larger after.
 */
export function selectInPlace(a: Float64Array, from: number, to: number, k: number): number {
  const target = from + k;
  let lo = from;
  let hi = to - 1;
  while (hi - lo >= 8) {
    const mid = (lo + hi) >>> 1;
    // Order a[lo] <= a[mid] <= a[hi] so the pivot is a median of three.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and everything strictly between equals the pivot.
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  // Insertion sort of the small remainder.
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
  return a[target]!;
}

/**
 * The median of `a[from..to)` (the mean of the two middle values for an even count),
 * reordering the range. NaN for an empty range.
 */
export function medianInPlace(a: Float64Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  const k = (n - 1) >>> 1;
  const lower = selectInPlace(a, from, to, k);
  if ((n & 1) === 1) return lower;
  // Even count: the upper middle is the smallest value above the lower middle.
  let upper = a[from + k + 1]!;
  for (let i = from + k + 2; i < to; i++) if (a[i]! < upper) upper = a[i]!;
  return 0.5 * (lower + upper);
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
