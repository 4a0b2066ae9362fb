/**
 * `seasonal`: a robust seasonal profile.
 *
 * **Assumptions.** The series repeats daily (and, with enough history, weekly)
 * around a stable level, in UTC; noise is roughly symmetric; anomalies are a
 * minority of any slot. It does not adapt after training: a lasting level
 * shift keeps scoring high until the model is retrained, which is what a
 * detector of shifts wants, and why the schedule retrains.
 *
 * **Model.** The day is cut into slots of `slotSeconds` (default 30 min, never
 * finer than the step, always a divisor of a day: 48 slots at 1m and 15m, 24
 * at 1h). Each slot has a robust location — the median over the days of the
 * slot's mean that day (a median of means: an outlier moves one day's mean,
 * which the median across days ignores) — and a robust scale, 1.4826 × the
 * median absolute residual of its points; between slot centres both are
 * interpolated linearly, so a 1m series gets a smooth profile from 48
 * numbers. With at least 7 days of history (`weekly: 'auto'`), a weekly
 * adjustment per block of `weekBlockSeconds` (default 3 h: 56 cells) is
 * added: the median residual of the cell, shrunk toward the daily profile as
 * `d / (d + weeklyPriorWeeks)` for `d` days seen in the cell (one week of
 * history keeps 2/3 of it, four weeks 8/9), so a single odd day cannot write
 * itself into the week. Slot scales are pooled with their neighbours and
 * shrunk toward the global scale (prior of 30 points), so a slot with little
 * data borrows from the rest. Empty slots are interpolated from their
 * neighbours.
 *
 * **Short history.** Under 2 days, there is no daily profile: one global
 * slot (median of 30-minute means, robust scale of everything) — a robust
 * constant baseline.
 * Under 7 days, no weekly adjustment (unless `weekly: true`).
 *
 * **Calibration.** Residuals are cross-fitted: the profile is fitted twice more,
 * on even and on odd days, and each point is judged by the profile that did
 * not see it. Their `|z|` feed the calibration table (see `calibrate.ts`).
 * A one-slot model uses in-sample residuals widened by √(1 + π/2n).
 *
 * **Cost.** Fit: O(n) — four passes over the points plus work on one
 * summary per (day, slot), all in fit scratch (see `./fit.ts`); about 0.3 ms
 * for 10,080 points. Predict: O(1) per point, no allocation, no state; about
 * 30 million points per second. Stored: 48 + 48 + 56 + 48 float32 (≈ 800
 * bytes) at 1m or 15m; in memory about 4 KB with the lookup grid.
 */
import type { FitOptions, Model, ModelKind, ModelParams, Points } from '../../model.js';
import { DAY_SECONDS, WEEK_SECONDS } from '../common/cycle.js';
import { readHistory } from '../common/history.js';
import { autoOption, numberOption } from '../common/options.js';
import { ParamsReader } from '../common/params.js';
import { fitSeasonal } from './fit.js';
import { SEASONAL_KIND, SEASONAL_VERSION, SeasonalModel } from './model.js';

/** Settings of the seasonal kind. */
export interface SeasonalOptions {
  /** Daily slot width in seconds, rounded up to a divisor of a day and to at least the step. Default: 1800. */
  readonly slotSeconds: number;
  /** Weekly block width in seconds, rounded likewise and to at least the slot. Default: 10800. */
  readonly weekBlockSeconds: number;
  /** Weekly adjustment: `'auto'` (when the history spans 7 days or more), `true` or `false`. Default: `'auto'`. */
  readonly weekly: boolean | 'auto';
  /** Weeks of prior evidence that pull each weekly adjustment toward the daily profile. Default: 0.5. */
  readonly weeklyPriorWeeks: number;
  /** Half-width of the band, in scales: expected ± bandWidth × scale. Default: 3. */
  readonly bandWidth: number;
}

const DEFAULTS: SeasonalOptions = {
  slotSeconds: 1800,
  weekBlockSeconds: 10_800,
  weekly: 'auto',
  weeklyPriorWeeks: 0.5,
  bandWidth: 3,
};

/** Fewest finite training values a seasonal fit accepts. */
const MIN_POINTS = 3;

/** The robust seasonal profile kind (see the module comment). */
export const seasonalKind: ModelKind<SeasonalOptions> = {
  name: SEASONAL_KIND,
  version: SEASONAL_VERSION,
  defaults: DEFAULTS,

  fit(history: Points, options: FitOptions & Partial<SeasonalOptions>): Model {
    const settings = {
      slotSeconds: numberOption(
        SEASONAL_KIND,
        options,
        'slotSeconds',
        DEFAULTS.slotSeconds,
        1,
        DAY_SECONDS,
      ),
      weekBlockSeconds: numberOption(
        SEASONAL_KIND,
        options,
        'weekBlockSeconds',
        DEFAULTS.weekBlockSeconds,
        1,
        DAY_SECONDS,
      ),
      weekly: autoOption(SEASONAL_KIND, options, 'weekly', DEFAULTS.weekly),
      weeklyPriorWeeks: numberOption(
        SEASONAL_KIND,
        options,
        'weeklyPriorWeeks',
        DEFAULTS.weeklyPriorWeeks,
        0,
        1000,
      ),
    };
    const bandWidth = numberOption(SEASONAL_KIND, options, 'bandWidth', DEFAULTS.bandWidth, 0, 100);
    const set = readHistory(SEASONAL_KIND, history, options, MIN_POINTS);
    const fit = fitSeasonal(set, settings);
    return new SeasonalModel({
      info: set.info,
      bandWidth,
      center: fit.center,
      scaleFloor: fit.scaleFloor,
      slotSeconds: fit.layout.slotSeconds,
      weekBlockSeconds: fit.layout.weekBlockSeconds,
      location: fit.location,
      scale: fit.scale,
      weekly: fit.weekly,
      calibration: fit.calibration,
    });
  },

  restore(params: ModelParams): Model {
    const read = new ParamsReader(SEASONAL_KIND, SEASONAL_VERSION, params);
    const slotSeconds = read.integer('slotSeconds', 1, DAY_SECONDS);
    if (DAY_SECONDS % slotSeconds !== 0) read.fail('header.slotSeconds must divide a day');
    const weekBlockSeconds = read.integer('weekBlockSeconds', 0, DAY_SECONDS);
    if (weekBlockSeconds > 0 && DAY_SECONDS % weekBlockSeconds !== 0) {
      read.fail('header.weekBlockSeconds must be 0 or divide a day');
    }
    const scaleFloor = read.number('scaleFloor', Number.MIN_VALUE);
    const scale = read.block('scale', Float32Array, DAY_SECONDS / slotSeconds);
    for (let k = 0; k < scale.length; k++) {
      if (!(scale[k]! >= scaleFloor))
        read.fail('block scale must not fall below header.scaleFloor');
    }
    return new SeasonalModel({
      info: { ...params.info },
      bandWidth: read.number('bandWidth', 0, 100),
      center: read.number('center'),
      scaleFloor,
      slotSeconds,
      weekBlockSeconds,
      location: read.block('location', Float32Array, DAY_SECONDS / slotSeconds),
      scale,
      weekly: read.block(
        'weekly',
        Float32Array,
        weekBlockSeconds > 0 ? WEEK_SECONDS / weekBlockSeconds : 0,
      ),
      calibration: read.calibration(),
    });
  },
};
