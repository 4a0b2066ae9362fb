/**
 * `holt-winters`: additive Holt-Winters with a damped trend and a daily season.
 *
 * **Assumptions.** The series is a slowly moving level (with a trend that
 * fades) plus a daily pattern that may itself drift, plus noise; one-step
 * forecast errors are roughly symmetric. Unlike `seasonal`, it adapts: after
 * a lasting level shift the first points score high and the level follows
 * within about 1/α steps. No weekly season (a weekly pattern shows up as
 * level changes that the level follows).
 *
 * **Model.** See `./cursor.ts` for the recursion. The season lives on knots
 * every `slotSeconds` (default 30 min, never finer than the step, a divisor
 * of a day), interpolated linearly and updated in proportion to distance:
 * 48 numbers at 1m and 15m, 24 at 1h, so a 1m model is as small as a 15m
 * one (1,440 per-minute states would be 6 KB and learn 30 times more slowly
 * per state). α, β (trend gain as a fraction of α) and γ (seasonal gain per
 * day of updates) minimise the mean squared one-step error over the most
 * recent `maxFitPoints` points (see `./fit.ts`); the trend is damped by φ =
 * `damping` per step, so a long gap cannot extrapolate it without bound.
 * Updates use errors clipped to `clip` standard deviations (robust to the
 * outliers a detector meets); the error variance is an exponentially
 * weighted mean with rate `scaleAlpha`.
 *
 * **Over gaps.** The season's phase comes from the timestamp; the level
 * advances by the damped trend over the missing steps; the forecast variance
 * widens as a local-level model's, v·(1 + (h − 1)·α²), capped at the
 * training variance. Missing (NaN) values advance time and change nothing
 * else.
 *
 * **Short history.** Under 2 days, no seasonal component (Holt's linear
 * method with damping): the first day of data only initialises the season,
 * and a season needs a second day to be checked against.
 *
 * **Calibration.** The final pass over the history yields honest one-step
 * errors, z = error / forecast standard deviation, for every point after the
 * first day (the initialisation window); they feed the calibration table.
 *
 * **Cost.** Fit: O(32 × min(n, maxFitPoints) + n) — at most 32 runs of the
 * recursion; about 3 ms for 2,688 points. Predict: O(1) per point, no
 * allocation beyond one cursor (48 float64 knots) per call. Stored: 48 + 48
 * float32 plus a header (≈ 400 bytes).
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
import { DAY_SECONDS, knotOffsetSeconds } from '../common/cycle.js';
import { readHistory } from '../common/history.js';
import { numberOption } from '../common/options.js';
import { ParamsReader } from '../common/params.js';
import type { HoltWintersConfig, HoltWintersState } from './cursor.js';
import { CursorModel } from './cursor-model.js';
import { fitHoltWinters } from './fit.js';
import { readRecursionSettings } from './recursion-options.js';

/** Name under which the Holt-Winters kind registers. */
const HOLT_WINTERS_KIND = 'holt-winters';
/** Version of the Holt-Winters parameter layout. */
const HOLT_WINTERS_VERSION = 1;

/** Settings of the Holt-Winters kind. */
export interface HoltWintersOptions {
  /** Seconds between seasonal knots, rounded up to a divisor of a day and to at least the step. Default: 1800. */
  readonly slotSeconds: number;
  /** Trend damping φ per step, in [0.5, 1]. Default: 0.98. */
  readonly damping: number;
  /** Smoothing rate of the error variance, in (0, 1). Default: 0.02. */
  readonly scaleAlpha: number;
  /** Errors beyond this many standard deviations are clipped before they update the state. Default: 3. */
  readonly clip: number;
  /** The smoothing search uses at most this many of the most recent points. Default: 4096. */
  readonly maxFitPoints: number;
  /** Half-width of the band, in standard deviations: expected ± bandWidth × sd. Default: 3. */
  readonly bandWidth: number;
}

const DEFAULTS: HoltWintersOptions = {
  slotSeconds: 1800,
  damping: 0.98,
  scaleAlpha: 0.02,
  clip: 3,
  maxFitPoints: 4096,
  bandWidth: 3,
};

/** Fewest finite training values a Holt-Winters fit accepts. */
const MIN_POINTS = 3;

/** The Holt-Winters kind (see the module comment). */
export const holtWintersKind: ModelKind<HoltWintersOptions> = {
  name: HOLT_WINTERS_KIND,
  version: HOLT_WINTERS_VERSION,
  defaults: DEFAULTS,

  fit(history: Points, options: FitOptions & Partial<HoltWintersOptions>): Model {
    const kind = HOLT_WINTERS_KIND;
    const shared = readRecursionSettings(kind, options, DEFAULTS);
    const settings = {
      slotSeconds: numberOption(kind, options, 'slotSeconds', DEFAULTS.slotSeconds, 1, DAY_SECONDS),
      damping: numberOption(kind, options, 'damping', DEFAULTS.damping, 0.5, 1),
      ...shared,
    };
    const { bandWidth } = shared;
    const set = readHistory(kind, history, options, MIN_POINTS);
    const fit = fitHoltWinters(set, settings);
    return createModel(set.info, bandWidth, fit.config, fit.state, fit.calibration);
  },

  restore(params: ModelParams): Model {
    const read = new ParamsReader(HOLT_WINTERS_KIND, HOLT_WINTERS_VERSION, params);
    const season = read.block('season', Float32Array);
    const knots = season.length;
    const knotSeconds = read.number('knotSeconds', 1, DAY_SECONDS);
    if (knots > 0 && knots * knotSeconds !== DAY_SECONDS) {
      read.fail(`block season has ${knots} knots but header.knotSeconds is ${knotSeconds}`);
    }
    const stepSeconds = params.info.stepSeconds;
    const scaleFloor = read.number('scaleFloor', Number.MIN_VALUE);
    const config: HoltWintersConfig = {
      stepSeconds,
      alpha: read.number('alpha', 0, 1),
      beta: read.number('beta', 0, 1),
      gamma: read.number('gamma', 0, 1),
      damping: read.number('damping', 0, 1),
      scaleAlpha: read.number('scaleAlpha', 0, 1),
      clip: read.number('clip', 0),
      knots,
      knotSeconds,
      knotOffsetSeconds: knots > 0 ? knotOffsetSeconds(knotSeconds, stepSeconds) : 0,
      varianceCap: read.number('varianceCap', 0),
      scaleFloor,
    };
    const state = {
      level: read.number('level'),
      trend: read.number('trend'),
      variance: read.number('variance', scaleFloor * scaleFloor),
      anchorSeconds: read.number('anchorSeconds'),
      lastSeconds: read.number('lastSeconds'),
      season,
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
  state: HoltWintersState & { readonly season: Float32Array },
  calibration: CalibrationTable,
): Model {
  return new CursorModel({
    kind: HOLT_WINTERS_KIND,
    version: HOLT_WINTERS_VERSION,
    info,
    bandWidth,
    config,
    state,
    calibration,
    header: {
      bandWidth,
      alpha: config.alpha,
      beta: config.beta,
      gamma: config.gamma,
      damping: config.damping,
      scaleAlpha: config.scaleAlpha,
      clip: config.clip,
      knotSeconds: config.knotSeconds,
      varianceCap: config.varianceCap,
      scaleFloor: config.scaleFloor,
      level: state.level,
      trend: state.trend,
      variance: state.variance,
      anchorSeconds: state.anchorSeconds,
      lastSeconds: state.lastSeconds,
    },
    blocks: { season: state.season },
  });
}
