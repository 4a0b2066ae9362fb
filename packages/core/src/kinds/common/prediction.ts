import { MyriadError } from '../../errors.js';
import { createPrediction, type Prediction } from '../../model.js';

/**
 * `out` when it holds at least `length` entries in every array, else a new prediction.
 * @throws MyriadError `INVALID_INPUT` when `out` is given but too short.
 */
export function preparePrediction(kind: string, length: number, out?: Prediction): Prediction {
  if (out === undefined) return createPrediction(length);
  if (
    out.scores.length < length ||
    out.expected.length < length ||
    out.lower.length < length ||
    out.upper.length < length
  ) {
    throw new MyriadError(
      'INVALID_INPUT',
      `${kind}: the output prediction holds fewer than the ${length} points to score`,
    );
  }
  return out;
}

/**
 * Checks that `points` has as many values as timestamps.
 * @throws MyriadError `INVALID_INPUT` otherwise.
 */
export function checkPoints(
  kind: string,
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
): void {
  if (timestamps.length !== values.length) {
    throw new MyriadError(
      'INVALID_INPUT',
      `${kind}: points have ${timestamps.length} timestamps but ${values.length} values`,
    );
  }
}
