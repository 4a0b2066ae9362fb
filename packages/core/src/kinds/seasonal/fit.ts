import { CALIBRATION_LEVELS, type CalibrationTable } from '../../calibrate.js';
import { computeScaleFloor } from '../../kernels/scale-floor.js';
import { DAY_SECONDS, daySlotSeconds, WEEK_SECONDS } from '../common/cycle.js';
import type { TrainingSet } from '../common/history.js';
import { Runs, type SlotScales } from './runs.js';

/**
 * Fitting the robust seasonal profile (see `./index.ts` for the model it makes).
 *
 * The points are cut into runs, one per (day, daily slot), each summarised by
 * its mean. A slot's location is the median over the days of its runs' means
 * (a median of means: a spike moves one run's mean, and the median across
 * days ignores that run; with one point per slot a day, as at 1h, it is the
 * plain median). Everything per slot or per weekly cell then works on
 * R = days × slots run summaries, so cross-fitting (profiles on even days and
 * on odd days) costs O(R), not O(n). The scale is the exact median |residual|
 * of each slot's points.
 *
 * Cost for n points: four O(n) passes (runs and their means, honest
 * residuals gathered by slot, quickselect of their medians, |z| with the
 * calibration histogram) and O(R) work on run summaries. Temporaries live in
 * fit scratch (`kernels/scratch.ts`); the fit allocates one float32 array for
 * the stored tables and a 4 KB calibration histogram.
 */

/** A daily profile needs the history to cover at least this many days; below it the profile is one global slot. */
export const MIN_DAILY_PROFILE_DAYS = 2;
/** With `weekly: 'auto'`, the weekly adjustment needs this many days of history. */
export const MIN_WEEKLY_DAYS = 7;

/** Resolved settings of a seasonal fit. */
export interface SeasonalSettings {
  readonly slotSeconds: number;
  readonly weekBlockSeconds: number;
  readonly weekly: boolean | 'auto';
  readonly weeklyPriorWeeks: number;
}

/** Where a seasonal model's knots lie. `weekCells` is 0 when the weekly adjustment is off. */
export interface SeasonalLayout {
  readonly slotSeconds: number;
  readonly daySlots: number;
  readonly weekBlockSeconds: number;
  readonly weekCells: number;
}

/** What a fit produces: the stored tables, before they become a model. */
export interface SeasonalFit {
  readonly layout: SeasonalLayout;
  /** Level the location table is relative to. */
  readonly center: number;
  readonly scaleFloor: number;
  /** Daily profile minus `center`, one per daily slot. */
  readonly location: Float32Array;
  /** Robust scale per daily slot, at least `scaleFloor`. */
  readonly scale: Float32Array;
  /** Weekly adjustment per weekly cell (empty when off). */
  readonly weekly: Float32Array;
  readonly calibration: CalibrationTable;
}

/** Chooses the slot layout for a history at `stepSeconds` spanning `spanSeconds`. */
export function chooseLayout(
  settings: SeasonalSettings,
  stepSeconds: number,
  spanSeconds: number,
): SeasonalLayout {
  const daily = spanSeconds >= MIN_DAILY_PROFILE_DAYS * DAY_SECONDS;
  const slotSeconds = daily
    ? daySlotSeconds(Math.max(settings.slotSeconds, stepSeconds))
    : DAY_SECONDS;
  const weekly =
    settings.weekly === 'auto' ? spanSeconds >= MIN_WEEKLY_DAYS * DAY_SECONDS : settings.weekly;
  const weekBlockSeconds = weekly
    ? daySlotSeconds(Math.max(settings.weekBlockSeconds, slotSeconds, stepSeconds))
    : 0;
  return {
    slotSeconds,
    daySlots: DAY_SECONDS / slotSeconds,
    weekBlockSeconds,
    weekCells: weekly ? WEEK_SECONDS / weekBlockSeconds : 0,
  };
}

/** Fits the seasonal tables on a validated training set. */
export function fitSeasonal(set: TrainingSet, settings: SeasonalSettings): SeasonalFit {
  const step = set.info.stepSeconds;
  const span = set.timestamps[set.count - 1]! - set.timestamps[0]! + step;
  const layout = chooseLayout(settings, step, span);
  const runs = new Runs(set, layout);
  const full = runs.profile(-1, settings.weeklyPriorWeeks);

  // Honest residuals: each point against a profile fitted without its day's
  // parity (2-fold cross-fitting by alternate days). A one-slot profile, or a
  // history whose points all share one parity, uses the full profile with
  // residuals widened by the median's own error, √(1 + π/2n).
  const n = set.count;
  let center = 0;
  for (let k = 0; k < layout.daySlots; k++) center += full.location[k]!;
  center /= layout.daySlots;
  const scaleFloor = computeScaleFloor(set.values, n, center);
  let slots: SlotScales;
  if (layout.daySlots > 1 && runs.hasBothParities()) {
    const even = runs.profile(0, settings.weeklyPriorWeeks);
    const odd = runs.profile(1, settings.weeklyPriorWeeks);
    slots = runs.residualsAndScale(even, odd, 1, scaleFloor);
  } else {
    const widen = Math.sqrt(1 + Math.PI / (2 * n));
    slots = runs.residualsAndScale(full, full, widen, scaleFloor);
  }
  const scale = slots.scale;

  // Every stored table is a view of one float32 array.
  const { daySlots, weekCells } = layout;
  const tables = new Float32Array(2 * daySlots + weekCells + CALIBRATION_LEVELS);
  const location = tables.subarray(0, daySlots);
  for (let k = 0; k < daySlots; k++) location[k] = full.location[k]! - center;
  const stored = tables.subarray(daySlots, 2 * daySlots);
  for (let k = 0; k < daySlots; k++) {
    stored[k] = scale[k]!;
    // Rounding to float32 may dip just under the floor; the model must never.
    if (!(stored[k]! >= scaleFloor)) stored[k] = scaleFloor * (1 + 1e-6);
  }
  const weekly = tables.subarray(2 * daySlots, 2 * daySlots + weekCells);
  weekly.set(full.weekly);
  const quantiles = tables.subarray(2 * daySlots + weekCells);
  return {
    layout,
    center,
    scaleFloor,
    location,
    scale: stored,
    weekly,
    calibration: runs.calibrate(stored, slots.counts, quantiles),
  };
}
