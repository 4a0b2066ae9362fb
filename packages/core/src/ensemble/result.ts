import { MyriadError } from '../errors.js';

/**
 * Per-point ensemble output as parallel typed arrays (one entry per fine point),
 * written by `Ensemble.score` or an `EnsembleScorer`.
 */
export interface EnsembleResult {
  /** Points the arrays hold. */
  readonly length: number;
  /** Resolution texts of the members, finest first; `scores[i]` belongs to `resolutions[i]`. */
  readonly resolutions: readonly string[];
  /** Combined anomaly score in [0, 1], after the post-step if any. */
  readonly combined: Float64Array;
  /** Combined score before the post-step (equal to `combined` without one). */
  readonly rawCombined: Float64Array;
  /** Each member's score in [0, 1] for the bucket holding the point (0 for a member with no model). */
  readonly scores: readonly Float64Array[];
  /** Expected value at the point: the finest member with a model's expectation for its bucket. */
  readonly expected: Float64Array;
  /** Lower edge of that member's band. */
  readonly lower: Float64Array;
  /** Upper edge of that member's band. */
  readonly upper: Float64Array;
  /** 1 where the point raised an alert after the noise controls, else 0. */
  readonly alert: Uint8Array;
}

/**
 * Allocates an {@link EnsembleResult} for `length` points, zero-filled.
 * @throws MyriadError `INVALID_INPUT` for a negative or fractional length.
 */
export function createEnsembleResult(
  length: number,
  resolutions: readonly string[],
): EnsembleResult {
  if (!Number.isInteger(length) || length < 0) {
    throw new MyriadError('INVALID_INPUT', `result length must be an integer ≥ 0, got ${length}`);
  }
  return {
    length,
    resolutions: [...resolutions],
    combined: new Float64Array(length),
    rawCombined: new Float64Array(length),
    scores: resolutions.map(() => new Float64Array(length)),
    expected: new Float64Array(length),
    lower: new Float64Array(length),
    upper: new Float64Array(length),
    alert: new Uint8Array(length),
  };
}
