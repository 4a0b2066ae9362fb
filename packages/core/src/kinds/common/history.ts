import { MyriadError } from '../../errors.js';
import { resetScratch, scratchFloat64 } from '../../kernels/scratch.js';
import type { FitOptions, Points, TrainingInfo } from '../../model.js';

/** A validated training history: the finite points, copied to fit scratch, and what the model records about them. */
export interface TrainingSet {
  /** Timestamps of the finite values, strictly ascending. */
  readonly timestamps: Float64Array;
  /** The finite values. */
  readonly values: Float64Array;
  /** Number of finite values (the arrays' length). */
  readonly count: number;
  readonly info: TrainingInfo;
}

/**
 * Validates `history` for `kind`'s fit and keeps its finite points. NaN values
 * are missing and dropped (the window still spans them).
 *
 * Starts the fit's scratch memory (see `kernels/scratch.ts`): the arrays it
 * returns are scratch views, valid until the next fit, never kept by a model.
 *
 * Cost: one pass, O(n), no allocation beyond scratch.
 * @throws MyriadError `INVALID_OPTIONS` for a bad `stepSeconds`; `INVALID_INPUT`
 *   for mismatched lengths, a non-finite or non-increasing timestamp, or an
 *   infinite value; `INSUFFICIENT_DATA` when fewer than `minCount` values are finite.
 */
export function readHistory(
  kind: string,
  history: Points,
  options: FitOptions,
  minCount: number,
): TrainingSet {
  const step = options.stepSeconds;
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) {
    throw new MyriadError(
      'INVALID_OPTIONS',
      `${kind}: stepSeconds must be a positive finite number of seconds, got ${String(step)}`,
    );
  }
  const ts = history.timestamps;
  const vs = history.values;
  if (ts.length !== vs.length) {
    throw new MyriadError(
      'INVALID_INPUT',
      `${kind}: history has ${ts.length} timestamps but ${vs.length} values`,
    );
  }
  const length = ts.length;
  if (length === 0) {
    throw new MyriadError('INSUFFICIENT_DATA', `${kind}: history is empty`);
  }
  // One pass validates and keeps the finite points, in the fit's scratch.
  resetScratch();
  const keptT = scratchFloat64(length);
  const keptX = scratchFloat64(length);
  let finite = 0;
  let shifted = 0;
  let squares = 0;
  let shift = Number.NaN;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    const t = ts[i]!;
    if (!(t > previous) || t === Number.POSITIVE_INFINITY || typeof t !== 'number') {
      badTimestamp(kind, i, t, previous);
    }
    previous = t;
    const v = vs[i]!;
    if (Number.isFinite(v)) {
      keptT[finite] = t;
      keptX[finite] = v;
      if (finite === 0) shift = v;
      const d = v - shift;
      shifted += d;
      squares += d * d;
      finite++;
    } else if (!Number.isNaN(v)) {
      throw new MyriadError(
        'INVALID_INPUT',
        `${kind}: value at index ${i} is ${String(v)}; values must be finite numbers, or NaN for missing`,
      );
    }
  }
  if (finite < minCount) {
    throw new MyriadError(
      'INSUFFICIENT_DATA',
      `${kind}: needs at least ${minCount} finite values to fit, got ${finite} of ${length} points`,
    );
  }
  const timestamps = keptT.subarray(0, finite);
  const values = keptX.subarray(0, finite);
  // Moments of the values shifted by the first one, so a large level does not
  // cancel a small spread.
  const mean = shift + shifted / finite;
  const variance = Math.max(0, squares / finite - (shifted / finite) ** 2);
  return {
    timestamps,
    values,
    count: finite,
    info: {
      stepSeconds: step,
      fromSeconds: ts[0]!,
      toSeconds: ts[length - 1]!,
      count: finite,
      mean,
      std: Math.sqrt(variance),
    },
  };
}

function badTimestamp(kind: string, i: number, t: unknown, previous: number): never {
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new MyriadError(
      'INVALID_INPUT',
      `${kind}: timestamp at index ${i} is ${String(t)}, not a finite number of Unix seconds`,
    );
  }
  throw new MyriadError(
    'INVALID_INPUT',
    `${kind}: timestamps must increase strictly; index ${i} (${t}) follows ${previous}`,
  );
}
