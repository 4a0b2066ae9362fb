import { CALIBRATION_GRID_CELLS, type CalibrationTable, Calibrator } from '../../calibrate.js';
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
  readonly #state: SeasonalState;
  readonly #bandWidth: number;
  /** Daily profile including the centre, per knot. */
  readonly #location: Float64Array;
  readonly #scale: Float64Array;
  readonly #weekly: Float64Array;
  readonly #daySlots: number;
  readonly #slotsPerSecond: number;
  readonly #dayOffset: number;
  readonly #weekCells: number;
  readonly #cellsPerSecond: number;
  readonly #weekOffset: number;
  readonly #calibrator: Calibrator;

  constructor(state: SeasonalState) {
    this.#state = state;
    this.info = state.info;
    this.#bandWidth = state.bandWidth;
    const step = state.info.stepSeconds;
    this.#daySlots = state.location.length;
    this.#slotsPerSecond = 1 / state.slotSeconds;
    this.#dayOffset = knotOffsetSeconds(state.slotSeconds, step);
    this.#weekCells = state.weekly.length;
    // One allocation for the float64 working copies of the tables and the
    // calibration grid: a model costs the garbage collector one backing store.
    const slots = this.#daySlots;
    const tables = new Float64Array(2 * slots + this.#weekCells + CALIBRATION_GRID_CELLS + 2);
    this.#location = tables.subarray(0, slots);
    for (let k = 0; k < slots; k++) this.#location[k] = state.center + state.location[k]!;
    this.#scale = tables.subarray(slots, 2 * slots);
    this.#scale.set(state.scale);
    this.#weekly = tables.subarray(2 * slots, 2 * slots + this.#weekCells);
    this.#weekly.set(state.weekly);
    this.#cellsPerSecond = this.#weekCells > 0 ? 1 / state.weekBlockSeconds : 0;
    this.#weekOffset = this.#weekCells > 0 ? knotOffsetSeconds(state.weekBlockSeconds, step) : 0;
    this.#calibrator = new Calibrator(
      state.calibration,
      tables.subarray(2 * slots + this.#weekCells),
    );
    // The calibrator's grid is inside `tables`; its byteSize counts the grid too.
    this.byteSize =
      tables.byteLength -
      (CALIBRATION_GRID_CELLS + 2) * 8 +
      state.location.byteLength +
      state.scale.byteLength +
      state.weekly.byteLength +
      this.#calibrator.byteSize +
      256;
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
    const s = this.#state;
    const calibration = calibrationParams(s.calibration);
    return {
      kind: SEASONAL_KIND,
      kindVersion: SEASONAL_VERSION,
      info: { ...s.info },
      header: {
        bandWidth: s.bandWidth,
        center: s.center,
        scaleFloor: s.scaleFloor,
        slotSeconds: s.slotSeconds,
        weekBlockSeconds: s.weekBlockSeconds,
        calibration: calibration.header,
      },
      blocks: {
        location: s.location.slice(),
        scale: s.scale.slice(),
        weekly: s.weekly.slice(),
        calibration: calibration.block.slice(),
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
    const loc = this.#location;
    const sc = this.#scale;
    let expected = loc[k]! + f * (loc[k2]! - loc[k]!);
    const scale = sc[k]! + f * (sc[k2]! - sc[k]!);
    const cells = this.#weekCells;
    if (cells > 0) {
      const weekPhase = t - Math.floor(t / WEEK_SECONDS) * WEEK_SECONDS;
      let w = (weekPhase - this.#weekOffset) * this.#cellsPerSecond;
      if (w < 0) w += cells;
      let c = Math.floor(w);
      const g = w - c;
      if (c >= cells) c -= cells;
      const c2 = c + 1 === cells ? 0 : c + 1;
      const wk = this.#weekly;
      expected += wk[c]! + g * (wk[c2]! - wk[c]!);
    }
    const half = this.#bandWidth * scale;
    out.expected[i] = expected;
    out.lower[i] = expected - half;
    out.upper[i] = expected + half;
    // Non-finite values are missing: score 0.
    out.scores[i] = Number.isFinite(x) ? this.#calibrator.score(Math.abs(x - expected) / scale) : 0;
  }
}
