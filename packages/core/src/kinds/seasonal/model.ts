import {
  CALIBRATION_GRID_CELLS,
  CALIBRATION_LEVELS,
  type CalibrationTable,
  Calibrator,
} from '../../calibrate.js';
import type { Model, ModelParams, Points, Prediction, Scorer, TrainingInfo } from '../../model.js';
import { DAY_SECONDS, knotOffsetSeconds, WEEK_SECONDS } from '../common/cycle.js';
import { calibrationParams } from '../common/params.js';
import { checkPoints, preparePrediction } from '../common/prediction.js';

/** Name under which the seasonal kind registers. */
export const SEASONAL_KIND = 'seasonal';
/** Version of the seasonal parameter layout. */
export const SEASONAL_VERSION = 1;

/** The stored state of a seasonal model, as `restore` reads it and `fit` writes it. */
export interface SeasonalState {
  readonly info: TrainingInfo;
  readonly bandWidth: number;
  readonly center: number;
  readonly scaleFloor: number;
  readonly slotSeconds: number;
  /** 0 when the weekly adjustment is off. */
  readonly weekBlockSeconds: number;
  readonly location: Float32Array;
  readonly scale: Float32Array;
  readonly weekly: Float32Array;
  readonly calibration: CalibrationTable;
}

/**
 * A fitted seasonal profile. Its expectation depends on the timestamp alone,
 * so it has no state to advance: `update` only tracks time, and the score of
 * a point never depends on other points. Immutable.
 */
export class SeasonalModel implements Model {
  readonly kind = SEASONAL_KIND;
  readonly info: TrainingInfo;
  readonly byteSize: number;
  readonly #bandWidth: number;
  readonly #center: number;
  readonly #scaleFloor: number;
  readonly #slotSeconds: number;
  readonly #weekBlockSeconds: number;
  /**
   * Every table in one buffer, so a cached model is a handful of heap objects
   * and one backing store for the garbage collector to trace (it holds
   * thousands of them): as float64 for predicting, the daily location
   * including the centre, the scale and the weekly adjustment, one after the
   * other, then the calibration grid; after them, as float32 for `params()`,
   * the stored location, scale, weekly and calibration blocks.
   */
  readonly #t: Float64Array;
  readonly #daySlots: number;
  readonly #slotsPerSecond: number;
  readonly #dayOffset: number;
  readonly #weekCells: number;
  readonly #cellsPerSecond: number;
  readonly #weekOffset: number;
  readonly #calibrator: Calibrator;

  constructor(state: SeasonalState) {
    this.info = state.info;
    this.#bandWidth = state.bandWidth;
    this.#center = state.center;
    this.#scaleFloor = state.scaleFloor;
    this.#slotSeconds = state.slotSeconds;
    this.#weekBlockSeconds = state.weekBlockSeconds;
    const step = state.info.stepSeconds;
    const slots = state.location.length;
    const cells = state.weekly.length;
    const levels = state.calibration.quantiles.length;
    this.#daySlots = slots;
    this.#slotsPerSecond = 1 / state.slotSeconds;
    this.#dayOffset = knotOffsetSeconds(state.slotSeconds, step);
    this.#weekCells = cells;
    this.#cellsPerSecond = cells > 0 ? 1 / state.weekBlockSeconds : 0;
    this.#weekOffset = cells > 0 ? knotOffsetSeconds(state.weekBlockSeconds, step) : 0;

    const f64 = 2 * slots + cells + CALIBRATION_GRID_CELLS + 2;
    const f32 = 2 * slots + cells + levels;
    const buffer = new ArrayBuffer(f64 * 8 + Math.ceil(f32 / 2) * 8);
    const t = new Float64Array(buffer, 0, f64);
    for (let k = 0; k < slots; k++) t[k] = state.center + state.location[k]!;
    t.set(state.scale, slots);
    t.set(state.weekly, 2 * slots);
    const stored = new Float32Array(buffer, f64 * 8, f32);
    stored.set(state.location, 0);
    stored.set(state.scale, slots);
    stored.set(state.weekly, 2 * slots);
    stored.set(state.calibration.quantiles, 2 * slots + cells);
    this.#t = t;
    this.#calibrator = new Calibrator(
      {
        quantiles: stored.subarray(2 * slots + cells),
        topLogP: state.calibration.topLogP,
        tailRate: state.calibration.tailRate,
      },
      t.subarray(2 * slots + cells),
    );
    this.byteSize = buffer.byteLength + 400;
  }

  /** A copy of stored float32 block `k` (0 location, 1 scale, 2 weekly, 3 calibration). */
  #stored(k: 0 | 1 | 2 | 3): Float32Array {
    const slots = this.#daySlots;
    const cells = this.#weekCells;
    const f64 = 2 * slots + cells + CALIBRATION_GRID_CELLS + 2;
    const starts = [0, slots, 2 * slots, 2 * slots + cells, 2 * slots + cells + CALIBRATION_LEVELS];
    const from = starts[k]!;
    return new Float32Array(this.#t.buffer, f64 * 8 + from * 4, starts[k + 1]! - from).slice();
  }

  predict(points: Points, out?: Prediction): Prediction {
    const ts = points.timestamps;
    const vs = points.values;
    checkPoints(SEASONAL_KIND, ts, vs);
    const n = ts.length;
    const result = preparePrediction(SEASONAL_KIND, n, out);
    for (let i = 0; i < n; i++) this.#evaluate(ts[i]!, vs[i]!, result, i);
    return result;
  }

  scorer(): Scorer {
    // Stateless: scoring never depends on earlier points, so update has nothing to keep.
    return {
      score: (t, value, out, index) => this.#evaluate(t, value, out, index),
      update: () => {},
    };
  }

  params(): ModelParams {
    const table = this.#calibrator.table;
    const calibration = calibrationParams(table);
    return {
      kind: SEASONAL_KIND,
      kindVersion: SEASONAL_VERSION,
      info: { ...this.info },
      header: {
        bandWidth: this.#bandWidth,
        center: this.#center,
        scaleFloor: this.#scaleFloor,
        slotSeconds: this.#slotSeconds,
        weekBlockSeconds: this.#weekBlockSeconds,
        calibration: calibration.header,
      },
      blocks: {
        location: this.#stored(0),
        scale: this.#stored(1),
        weekly: this.#stored(2),
        calibration: this.#stored(3),
      },
    };
  }

  /** Writes entry `i` of `out` for value `x` at `t`. O(1), no allocation. */
  #evaluate(t: number, x: number, out: Prediction, i: number): void {
    if (!Number.isFinite(t)) {
      out.scores[i] = 0;
      out.expected[i] = Number.NaN;
      out.lower[i] = Number.NaN;
      out.upper[i] = Number.NaN;
      return;
    }
    const slots = this.#daySlots;
    const dayPhase = t - Math.floor(t / DAY_SECONDS) * DAY_SECONDS;
    let u = (dayPhase - this.#dayOffset) * this.#slotsPerSecond;
    if (u < 0) u += slots;
    let k = Math.floor(u);
    const f = u - k;
    if (k >= slots) k -= slots;
    const k2 = k + 1 === slots ? 0 : k + 1;
    const tab = this.#t;
    let expected = tab[k]! + f * (tab[k2]! - tab[k]!);
    const scale = tab[slots + k]! + f * (tab[slots + k2]! - tab[slots + k]!);
    const cells = this.#weekCells;
    if (cells > 0) {
      const weekPhase = t - Math.floor(t / WEEK_SECONDS) * WEEK_SECONDS;
      let w = (weekPhase - this.#weekOffset) * this.#cellsPerSecond;
      if (w < 0) w += cells;
      let c = Math.floor(w);
      const g = w - c;
      if (c >= cells) c -= cells;
      const c2 = c + 1 === cells ? 0 : c + 1;
      const w0 = 2 * slots;
      expected += tab[w0 + c]! + g * (tab[w0 + c2]! - tab[w0 + c]!);
    }
    const half = this.#bandWidth * scale;
    out.expected[i] = expected;
    out.lower[i] = expected - half;
    out.upper[i] = expected + half;
    // Non-finite values are missing: score 0.
    out.scores[i] = Number.isFinite(x) ? this.#calibrator.score(Math.abs(x - expected) / scale) : 0;
  }
}
