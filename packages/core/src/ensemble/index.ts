import type { AggregateFn } from '../aggregate.js';
import { MyriadError } from '../errors.js';
import type { Points } from '../model.js';
import {
  type EnsembleOptions,
  type ResolvedAlertOptions,
  type ResolvedMember,
  resolveEnsembleOptions,
} from './options.js';
import { createEnsembleResult, type EnsembleResult } from './result.js';
import { type EnsembleScorer, EnsembleStream } from './scorer.js';

/**
 * The models of one series at several resolutions and the rule combining them.
 *
 * - **No look-ahead.** Each fine point is scored with data up to and including
 *   it: a coarser member scores the partial bucket so far (the aggregate of the
 *   fine points of the current bucket up to this one, de-noised by √(k/n), see
 *   {@link EnsembleStream}) and is updated with a bucket's full aggregate once the
 *   first point of a later bucket arrives. Appending points never changes the
 *   results of earlier ones.
 * - **Combination.** Member scores are calibrated tail ranks, so each maps to a
 *   standard normal z = Φ⁻¹(score) (clamped to [−3, 8]); the combined score is
 *   Φ(Σ wᵢ zᵢ) with weights normalised over the members that have a model
 *   (default wᵢ ∝ √(interval ratio), coarser = more trusted). A weighted mean of
 *   z never exceeds the largest member score, and under normal data (correlated
 *   or not) it is no more spread than one member, so the threshold keeps its
 *   rarity meaning. A one-minute blip moves a coarse partial mean by only 1/k of
 *   its size and is outvoted; a sustained shift moves every member and scores
 *   higher. With a single member its score passes through unchanged.
 * - **Expected value and band** are the finest member's (with a model) for the
 *   bucket holding the point; deviation and direction for alerts use them.
 */
export interface Ensemble {
  /** The members, finest first, with normalised weights (0 for a member with no model). */
  readonly members: readonly ResolvedMember[];
  /** Member resolution texts, finest first (the order of `EnsembleResult.scores`). */
  readonly resolutions: readonly string[];
  readonly fn: AggregateFn;
  readonly inputStepSeconds: number;
  readonly alert: ResolvedAlertOptions;
  /**
   * Scores raw fine points (ascending timestamps, typically after the models'
   * training window) from a fresh state. Writes into `out` when given (at least
   * as long, made by {@link Ensemble.createResult}).
   * @throws MyriadError `INVALID_INPUT` for mismatched arrays, a non-finite or decreasing
   *   timestamp (naming its index), or an `out` too short.
   */
  score(points: Points, out?: EnsembleResult): EnsembleResult;
  /** A fresh streaming scorer; pushing the same points gives results identical to `score`. */
  scorer(): EnsembleScorer;
  /** Allocates a result for `length` points shaped for this ensemble. */
  createResult(length: number): EnsembleResult;
}

/**
 * Builds an {@link Ensemble}. Members with no model (a failed fit) are kept in
 * the output shape, score 0 and carry no weight.
 * @throws MyriadError `INVALID_OPTIONS` naming the offending option.
 */
export function createEnsemble(options: EnsembleOptions): Ensemble {
  const resolved = resolveEnsembleOptions(options);
  const resolutions = resolved.members.map((m) => m.resolution.text);
  const createResult = (length: number) => createEnsembleResult(length, resolutions);
  return {
    members: resolved.members,
    resolutions,
    fn: resolved.fn,
    inputStepSeconds: resolved.inputStepSeconds,
    alert: resolved.alert,
    createResult,
    scorer: () => new EnsembleStream(resolved),
    score(points: Points, out?: EnsembleResult): EnsembleResult {
      const { timestamps, values } = points ?? {};
      if (typeof timestamps?.length !== 'number' || typeof values?.length !== 'number') {
        throw new MyriadError('INVALID_INPUT', 'points must be {timestamps, values} arrays');
      }
      const n = timestamps.length;
      if (values.length !== n) {
        throw new MyriadError(
          'INVALID_INPUT',
          `points.timestamps has ${n} entries but points.values has ${values.length}`,
        );
      }
      const result = out ?? createResult(n);
      if (result.length < n) {
        throw new MyriadError('INVALID_INPUT', `out holds ${result.length} points, need ${n}`);
      }
      const stream = new EnsembleStream(resolved);
      for (let i = 0; i < n; i++)
        stream.push(timestamps[i] as number, values[i] as number, result, i);
      return result;
    },
  };
}

export type {
  AlertDirection,
  AlertOptions,
  CoarseWindow,
  EnsembleMember,
  EnsembleOptions,
  EnsemblePostStep,
  EnsemblePostStepFactory,
  ResolvedAlertOptions,
  ResolvedMember,
} from './options.js';
export { createEnsembleResult, type EnsembleResult } from './result.js';
export type { EnsembleScorer } from './scorer.js';
