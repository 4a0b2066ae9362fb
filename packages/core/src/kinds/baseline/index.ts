/**
 * `baseline`: an adaptive, non-seasonal baseline — an exponentially weighted
 * mean and error variance, robust to outliers in its own update.
 *
 * **Assumptions.** The series wanders around a level that changes slowly
 * compared with the step; there is no pattern worth modelling, or it is slow
 * enough for the mean to follow; one-step errors are roughly symmetric. Use it
 * for metrics without a daily cycle, or as the most adaptive member.
 *
 * **Model.** The Holt-Winters recursion (`../holt-winters/cursor.ts`) with no
 * trend and no season: expected = the running mean; each finite value moves
 * it by α × the error clipped to `clip` standard deviations, so a spike moves
 * it by at most α·clip·sd and cannot inflate the variance by more than clip²;
 * the error variance is an exponentially weighted mean with rate `scaleAlpha`.
 * α is fitted by least mean squared one-step error over a fixed grid (0.01 …
 * 0.7, see `./fit.ts`) unless given.
 *
 * **Over gaps.** The mean stays; the forecast variance widens as a
 * local-level model's, v·(1 + (h − 1)·α²) for h steps since the last value,
 * capped at the training variance — the longer the silence, the less the old
 * mean is trusted. Missing (NaN) values advance time and change nothing else.
 *
 * **Calibration.** One-step errors of the final pass over the history, in
 * standard deviations, after a burn-in of a quarter of the points (at most 48).
 *
 * **Cost.** Fit: O(7 × min(n, maxFitPoints) + n); about 0.2 ms for 10,080
 * points. Predict: O(1) per point, no allocation beyond one cursor per call.
 * Stored: 48 float32 plus a header (≈ 300 bytes).
 */
import type { CalibrationTable } from '../../calibrate.js';
import type {
  FitOptions,
  Model,
  ModelKind,
  ModelParams,
  Points,
  TrainingInfo,
} from '../../model.js';
import { DAY_SECONDS } from '../common/cycle.js';
import { readHistory } from '../common/history.js';
import { numberOption } from '../common/options.js';
import { ParamsReader } from '../common/params.js';
import type { HoltWintersConfig, HoltWintersState } from '../holt-winters/cursor.js';
import { CursorModel } from '../holt-winters/cursor-model.js';
import { readRecursionSettings } from '../holt-winters/recursion-options.js';
import { fitBaseline } from './fit.js';

/** Name under which the baseline kind registers. */
const BASELINE_KIND = 'baseline';
/** Version of the baseline parameter layout. */
const BASELINE_VERSION = 1;

/** Settings of the baseline kind. */
export interface BaselineOptions {
  /** Smoothing of the mean in (0, 1), or `'auto'` to fit it. Default: `'auto'`. */
  readonly alpha: number | 'auto';
  /** Smoothing rate of the error variance, in (0, 1). Default: 0.02. */
  readonly scaleAlpha: number;
  /** Errors beyond this many standard deviations are clipped before they update the state. Default: 3. */
  readonly clip: number;
  /** Fitting α uses at most this many of the most recent points. Default: 4096. */
  readonly maxFitPoints: number;
  /** Half-width of the band, in standard deviations: expected ± bandWidth × sd. Default: 3. */
  readonly bandWidth: number;
}

const DEFAULTS: BaselineOptions = {
  alpha: 'auto',
  scaleAlpha: 0.02,
  clip: 3,
  maxFitPoints: 4096,
  bandWidth: 3,
};

/** Fewest finite training values a baseline fit accepts. */
const MIN_POINTS = 3;

/** The adaptive baseline kind (see the module comment). */
export const baselineKind: ModelKind<BaselineOptions> = {
  name: BASELINE_KIND,
  version: BASELINE_VERSION,
  defaults: DEFAULTS,

  fit(history: Points, options: FitOptions & Partial<BaselineOptions>): Model {
    const kind = BASELINE_KIND;
    const alpha: number | 'auto' =
      options.alpha === undefined || options.alpha === 'auto'
        ? 'auto'
        : numberOption(kind, options, 'alpha', 0.1, 1e-4, 0.9999);
    const shared = readRecursionSettings(kind, options, DEFAULTS);
    const settings = {
      alpha,
      ...shared,
    };
    const { bandWidth } = shared;
    const set = readHistory(kind, history, options, MIN_POINTS);
    const fit = fitBaseline(set, settings);
    return createModel(set.info, bandWidth, fit.config, fit.state, fit.calibration);
  },

  restore(params: ModelParams): Model {
    const read = new ParamsReader(BASELINE_KIND, BASELINE_VERSION, params);
    const scaleFloor = read.number('scaleFloor', Number.MIN_VALUE);
    const config: HoltWintersConfig = {
      stepSeconds: params.info.stepSeconds,
      alpha: read.number('alpha', 0, 1),
      beta: 0,
      gamma: 0,
      damping: 1,
      scaleAlpha: read.number('scaleAlpha', 0, 1),
      clip: read.number('clip', 0),
      knots: 0,
      knotSeconds: DAY_SECONDS,
      knotOffsetSeconds: 0,
      varianceCap: read.number('varianceCap', 0),
      scaleFloor,
    };
    const state = {
      level: read.number('level'),
      trend: 0,
      variance: read.number('variance', scaleFloor * scaleFloor),
      anchorSeconds: read.number('anchorSeconds'),
      lastSeconds: read.number('lastSeconds'),
      season: new Float64Array(0),
    };
    return createModel(
      { ...params.info },
      read.number('bandWidth', 0, 100),
      config,
      state,
      read.calibration(),
    );
  },
};

function createModel(
  info: TrainingInfo,
  bandWidth: number,
  config: HoltWintersConfig,
  state: HoltWintersState,
  calibration: CalibrationTable,
): Model {
  return new CursorModel({
    kind: BASELINE_KIND,
    version: BASELINE_VERSION,
    info,
    bandWidth,
    config,
    state,
    calibration,
    header: {
      bandWidth,
      alpha: config.alpha,
      scaleAlpha: config.scaleAlpha,
      clip: config.clip,
      varianceCap: config.varianceCap,
      scaleFloor: config.scaleFloor,
      level: state.level,
      variance: state.variance,
      anchorSeconds: state.anchorSeconds,
      lastSeconds: state.lastSeconds,
    },
    blocks: {},
  });
}
