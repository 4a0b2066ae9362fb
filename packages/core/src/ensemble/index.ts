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
 *   it. Every member is fed each completed aligned bucket's full aggregate with
 *   `Scorer.update`, once, when the first point of a later bucket arrives. In
 *   between, a member coarser than the input scores (with `Scorer.score`, at the
 *   current bucket's start) its window of recent fine points: by default
 *   (`coarseWindow: 'trailing'`) the last bucket length of points — the tail of
 *   the previous bucket plus the partial bucket so far — or with `'bucket'` the
 *   partial bucket so far alone. The window's mean is compared with the member's
 *   expectation interpolated to the window's mean time (so the season's slope
 *   inside a bucket is no bias), and a window of k < n points has its deviation
 *   scaled by √(k/n) (the ratio of standard errors), so every window is judged
 *   on the scale the member was calibrated on. Appending points never changes
 *   the results of earlier ones (tested).
 * - **Combination.** Member scores are calibrated tail ranks, so each maps to a
 *   standard normal z = Φ⁻¹(score) (clamped to [−3, 8]). The base score is
 *   Φ(Σ wᵢ zᵢ), weights normalised over the members that have a model (default
 *   wᵢ ∝ √(interval ÷ finest interval), coarser = more trusted). A weighted mean
 *   of z never exceeds the largest member score, and on normal data (correlated
 *   or not) it is no more spread than one member's, so the threshold keeps its
 *   rarity meaning. Coarse windows take the fine values winsorised into the
 *   finest member's band, so one outlier moves a coarse window by at most a band
 *   and does not echo for an hour after it.
 * - **Blip versus shift.** A one-minute blip reaches the coarse windows diluted
 *   (1/60 of it in an hour's window) and is outvoted; a sustained shift moves
 *   every window and scores far higher. So that an extreme single point still
 *   alerts, the combined score is the larger of the base score and the point
 *   path Φ(z_finest − `spikeMarginZ`) (default 5: only a finest score beyond
 *   z ≈ 7.3 alerts alone at threshold 0.99). A single member's score passes
 *   through unchanged.
 * - **Expected value and band** are the finest member's (with a model) for the
 *   bucket holding the point; deviation and direction for alerts use them.
 * - **Post-step.** `postStep` may transform the combined score per point before
 *   the alert rule (the unprocessed score stays in `rawCombined`).
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
