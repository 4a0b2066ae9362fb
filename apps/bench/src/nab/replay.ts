import {
  createEnsemble,
  createLikelihood,
  type Ensemble,
  type EnsembleMember,
  type EnsembleResult,
  fitEnsembleModels,
  formatSeconds,
  type KindRegistry,
  type Likelihood,
  type Model,
} from '@myriad/core';
import { decodeArtifact, encodeArtifact } from '@myriad/store';
import { detectBaseStep } from './csv.js';
import { NabError } from './errors.js';
import { DEFAULT_REPLAY_CONFIG, memberKey, type ReplayConfig } from './replay-config.js';
import { probationaryRows } from './scorer/weights.js';

/** Options of {@link replaySeries}. */
export interface ReplayOptions {
  /** Where the configured kinds are found (e.g. core's default registry). */
  readonly registry: KindRegistry;
  /** Default {@link DEFAULT_REPLAY_CONFIG}. */
  readonly config?: ReplayConfig;
  /**
   * Rows of the first fit; they score 0. Default NAB's probationary period,
   * min(floor(0.15·N), 750). Pass it explicitly for a result that cannot
   * depend on the file's length.
   */
  readonly trainRows?: number;
  /** Series id used in the artifacts' model ids. Default `replay/series`. */
  readonly seriesId?: string;
}

/** What a replay produced: one score per input row. */
export interface ReplayResult {
  /** The detected base step, seconds. */
  readonly baseStepSeconds: number;
  /** Member resolutions, finest first (`5m`, `15m`, `1h` for 5-minute data). */
  readonly resolutions: readonly string[];
  readonly trainRows: number;
  /** Fits done: the warm-up fit, the first fit and the scheduled refits. */
  readonly fits: number;
  /** Rows earlier than their predecessor (late data): not fed, scored 0. */
  readonly lateRows: number;
  /** Member fits that failed (e.g. too little data at a coarse resolution). */
  readonly failedMemberFits: number;
  /** Total artifact bytes of the last fit's members. */
  readonly lastArtifactBytes: number;
  /** The ensemble's score per row (after its post-step). */
  readonly scores: Float64Array;
  /** Each member's score per row, through its own post-step (as a one-member ensemble would). */
  readonly memberScores: readonly Float64Array[];
}

/**
 * Replays one series through the production path with no look-ahead: fits
 * every member on the first `trainRows` rows (aggregated by
 * `fitEnsembleModels`), encodes each model to an artifact and decodes it back
 * (`@myriad/store`), builds the ensemble, then pushes the remaining rows in
 * order through its streaming scorer. Every `retrainEverySeconds` of data —
 * at the first row that opens a new bucket of the coarsest member, so every
 * member restarts on a bucket boundary — it refits on all rows seen so far,
 * as scheduled retraining would. The likelihood post-step keeps one state per
 * series across refits; it is warmed on the last `warmupFraction` of the
 * training rows, scored out of sample by a model fitted on the rows before
 * them (those scores are not reported), and its value range is seeded with
 * the earlier rows. A row earlier than the latest pushed one is late
 * data, which the ensemble refuses: it scores 0 and is not fed.
 *
 * Cost: one fit per member per retrain interval on the history so far, and
 * O(1) per row and member between fits.
 * @throws NabError `INVALID_OPTIONS` for a bad trainRows; `INVALID_CSV` with
 *   fewer than two distinct timestamps. Unknown kinds throw MyriadError `UNKNOWN_KIND`.
 */
export function replaySeries(
  series: { readonly timestamps: Float64Array; readonly values: Float64Array },
  options: ReplayOptions,
): ReplayResult {
  const config = options.config ?? DEFAULT_REPLAY_CONFIG;
  const { timestamps, values } = series;
  const n = timestamps.length;
  const trainRows = options.trainRows ?? probationaryRows(n);
  if (!Number.isInteger(trainRows) || trainRows < 2 || trainRows > n) {
    throw new NabError(
      'INVALID_OPTIONS',
      `trainRows must be an integer in [2, ${n}] (rows in the series), got ${trainRows}`,
    );
  }
  const baseStepSeconds = detectBaseStep(timestamps.subarray(0, trainRows));
  const multipliers = [...config.multipliers].sort((a, b) => a - b);
  const resolutions = multipliers.map((m) => formatSeconds(m * baseStepSeconds));
  const coarsest = (multipliers[multipliers.length - 1] as number) * baseStepSeconds;
  const seriesId = options.seriesId ?? 'replay/series';

  const kinds =
    typeof config.kinds === 'string'
      ? config.kinds
      : Object.fromEntries(
          multipliers.map((m, i) => [
            resolutions[i] as string,
            (config.kinds as Record<string, string>)[memberKey(m)] ?? 'seasonal',
          ]),
        );
  const weights =
    config.weights === undefined
      ? undefined
      : Object.fromEntries(
          multipliers.flatMap((m, i) => {
            const w = config.weights?.[memberKey(m)];
            return w === undefined ? [] : [[resolutions[i] as string, w]];
          }),
        );
  const newLikelihood = (): Likelihood | null =>
    config.likelihood === false ? null : createLikelihood(config.likelihood);
  const post = newLikelihood();
  const memberPosts = multipliers.map(newLikelihood);

  const scores = new Float64Array(n);
  const memberScores = multipliers.map(() => new Float64Array(n));
  let fits = 0;
  let failedMemberFits = 0;
  let lastArtifactBytes = 0;
  let version = 0;

  const fit = (rows: number): Ensemble | null => {
    fits++;
    version++;
    const fitted = fitEnsembleModels(
      { timestamps: timestamps.subarray(0, rows), values: values.subarray(0, rows) },
      {
        registry: options.registry,
        resolutions,
        kinds,
        fitOptions: config.fitOptions,
        inputStepSeconds: baseStepSeconds,
      },
    );
    failedMemberFits += fitted.failed;
    lastArtifactBytes = 0;
    const members: EnsembleMember[] = fitted.members.map((m) => {
      if (m.model === null) return { resolution: m.resolution };
      const bytes = encodeArtifact(m.model.params(), {
        modelId: `${seriesId}@${m.resolution.text}`,
        version,
        createdAtMs: Math.round((timestamps[rows - 1] as number) * 1000),
      });
      lastArtifactBytes += bytes.length;
      const model: Model = options.registry.restore(decodeArtifact(bytes).params);
      return { resolution: m.resolution, model };
    });
    if (fitted.fitted === 0) return null;
    return createEnsemble({
      members,
      weights,
      ...(config.coarseWindow === undefined ? {} : { coarseWindow: config.coarseWindow }),
      ...(config.spikeMarginZ === undefined ? {} : { spikeMarginZ: config.spikeMarginZ }),
      inputStepSeconds: baseStepSeconds,
      ...(post === null ? {} : { postStep: () => post }),
    });
  };

  // Warm-up: the post-steps first see the second half of the training rows,
  // scored out of sample by a model fitted on the first half (and the range of
  // the first half), so they are not blind right after training.
  const warmRows = Math.floor(trainRows * config.warmupFraction);
  const warmStart = warmRows >= 2 && warmRows < trainRows ? trainRows - warmRows : trainRows;
  for (const p of [post, ...memberPosts]) p?.seedRange(values.subarray(0, warmStart));
  let ensemble = fit(warmStart);
  let stream = ensemble?.scorer() ?? null;
  let result: EnsembleResult | null = ensemble?.createResult(1) ?? null;
  let lastFitSeconds = timestamps[warmStart - 1] as number;
  let last = lastFitSeconds;
  let lateRows = 0;
  // The first real fit is due at row trainRows (or the first row after it that is not late).
  let firstFitDue = warmStart < trainRows;
  for (let i = warmStart; i < n; i++) {
    const t = timestamps[i] as number;
    const v = values[i] as number;
    if (t < last) {
      lateRows++;
      continue;
    }
    const due =
      t - lastFitSeconds >= config.retrainEverySeconds &&
      Math.floor(t / coarsest) !== Math.floor(last / coarsest);
    if ((i >= trainRows && firstFitDue) || (i > trainRows && due)) {
      firstFitDue = false;
      ensemble = fit(i);
      stream = ensemble?.scorer() ?? null;
      if (ensemble !== null && result === null) result = ensemble.createResult(1);
      lastFitSeconds = t;
    }
    last = t;
    const scoring = i >= trainRows;
    if (stream === null || result === null) {
      // No member could fit yet: nothing to score, but the post-steps still see the point.
      const s = post === null ? 0 : post.step(t, v, 0);
      if (scoring) scores[i] = s;
      memberScores.forEach((out, m) => {
        const p = memberPosts[m] as Likelihood | null;
        const x = p === null ? 0 : p.step(t, v, 0);
        if (scoring) out[i] = x;
      });
      continue;
    }
    stream.push(t, v, result, 0);
    if (scoring) scores[i] = result.combined[0] as number;
    memberScores.forEach((out, m) => {
      const raw = (result as EnsembleResult).scores[m]?.[0] as number;
      const p = memberPosts[m] as Likelihood | null;
      const x = p === null ? raw : clampScore(p.step(t, v, raw));
      if (scoring) out[i] = x;
    });
  }
  return {
    baseStepSeconds,
    resolutions,
    trainRows,
    fits,
    lateRows,
    failedMemberFits,
    lastArtifactBytes,
    scores,
    memberScores,
  };
}

function clampScore(x: number): number {
  return x >= 0 ? Math.min(1, x) : 0;
}
