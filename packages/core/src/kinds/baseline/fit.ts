import { CALIBRATION_LEVELS, type CalibrationTable, fitCalibration } from '../../calibrate.js';
import { computeScaleFloor } from '../../kernels/scale-floor.js';
import { scratchFloat64 } from '../../kernels/scratch.js';
import { DAY_SECONDS } from '../common/cycle.js';
import type { TrainingSet } from '../common/history.js';
import {
  type HoltWintersConfig,
  HoltWintersCursor,
  type HoltWintersState,
} from '../holt-winters/cursor.js';
import { burnInEnd, initialState, meanSquaredError } from '../holt-winters/fit.js';

/**
 * Fitting the baseline: the Holt-Winters recursion with no trend and no
 * season, i.e. a robust EWMA of level and error variance. α is `alpha` when
 * given, else the value of {@link ALPHA_GRID} with the least mean squared
 * one-step error over the last `maxFitPoints` points.
 *
 * Cost: O(|grid| × min(n, maxFitPoints) + n), allocation-free per point.
 */

/** Candidate smoothing rates for `alpha: 'auto'`. */
export const ALPHA_GRID: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.7];

/** Resolved settings of a baseline fit. */
export interface BaselineSettings {
  readonly alpha: number | 'auto';
  readonly scaleAlpha: number;
  readonly clip: number;
  readonly maxFitPoints: number;
}

/** What a fit produces. */
export interface BaselineFit {
  readonly config: HoltWintersConfig;
  readonly state: HoltWintersState;
  readonly calibration: CalibrationTable;
}

/** Fits the baseline on a validated training set. */
export function fitBaseline(set: TrainingSet, settings: BaselineSettings): BaselineFit {
  const n = set.count;
  const scaleFloor = computeScaleFloor(set.values, n, set.info.mean);
  const base = {
    stepSeconds: set.info.stepSeconds,
    damping: 1,
    scaleAlpha: settings.scaleAlpha,
    clip: settings.clip,
    knots: 0,
    knotSeconds: DAY_SECONDS,
    knotOffsetSeconds: 0,
    varianceCap: Math.max(set.info.std * set.info.std, scaleFloor * scaleFloor),
    scaleFloor,
  };
  const configOf = (alpha: number): HoltWintersConfig => ({ ...base, alpha, beta: 0, gamma: 0 });

  let alpha = settings.alpha;
  if (alpha === 'auto') {
    const from = Math.max(0, n - settings.maxFitPoints);
    const start = initialState(set, from, base);
    const burn = burnInEnd(set, from, false);
    let best = Number.POSITIVE_INFINITY;
    alpha = ALPHA_GRID[0]!;
    for (const candidate of ALPHA_GRID) {
      const error = meanSquaredError(configOf(candidate), start, set, from, burn);
      if (error < best) {
        best = error;
        alpha = candidate;
      }
    }
  }

  const config = configOf(alpha);
  const cursor = new HoltWintersCursor(config, initialState(set, 0, base));
  const absZ = scratchFloat64(n);
  const count = cursor.runHistory(set.timestamps, set.values, 0, n, burnInEnd(set, 0, false), absZ);
  // Trailing missing values still advanced time.
  cursor.lastSeconds = Math.max(cursor.lastSeconds, set.info.toSeconds);
  return {
    config,
    state: {
      level: cursor.level,
      trend: 0,
      variance: cursor.variance,
      anchorSeconds: cursor.anchorSeconds,
      lastSeconds: cursor.lastSeconds,
      season: new Float64Array(0),
    },
    calibration: fitCalibration(absZ, count, new Float32Array(CALIBRATION_LEVELS)),
  };
}
