/**
 * Scratch memory for fits. Allocating a typed array costs a backing store and
 * later a sweep, about as much as fitting a few hundred points; a fit makes
 * dozens of temporary arrays. Fits instead take views of two reusable buffers
 * (one float, one integer) with a bump pointer.
 *
 * Rules: call {@link resetScratch} at the start of a fit, before its first
 * view; a view's contents are undefined when taken (fill it if it must start
 * at 0) and it is valid until the next reset, so a model must copy what it
 * keeps. JavaScript runs a fit to completion, so fits never interleave.
 *
 * Cost: O(1) per view (a `subarray`, no backing store). When a buffer runs
 * out it is replaced by one twice as large; views already taken keep the old
 * one. The buffers stay for the life of the process, at the size of the
 * largest fit (about 40 bytes per training point).
 */

let floats = new Float64Array(1 << 14);
let floatsUsed = 0;
let ints = new Int32Array(1 << 14);
let intsUsed = 0;

/** Starts a fit: every earlier view may now be overwritten. */
export function resetScratch(): void {
  floatsUsed = 0;
  intsUsed = 0;
}

/** A view of `length` scratch floats, contents undefined. */
export function scratchFloat64(length: number): Float64Array {
  if (floatsUsed + length > floats.length) {
    floats = new Float64Array(Math.max(2 * floats.length, 2 * length));
    floatsUsed = 0;
  }
  const view = floats.subarray(floatsUsed, floatsUsed + length);
  floatsUsed += length;
  return view;
}

/** A view of `length` scratch integers, contents undefined. */
export function scratchInt32(length: number): Int32Array {
  if (intsUsed + length > ints.length) {
    ints = new Int32Array(Math.max(2 * ints.length, 2 * length));
    intsUsed = 0;
  }
  const view = ints.subarray(intsUsed, intsUsed + length);
  intsUsed += length;
  return view;
}
