import { type CalibrationTable, Calibrator } from '../../calibrate.js';
import type {
  JsonObject,
  Model,
  ModelParams,
  ParamBlock,
  Points,
  Prediction,
  Scorer,
  TrainingInfo,
} from '../../model.js';
import { calibrationParams } from '../common/params.js';
import { checkPoints, preparePrediction } from '../common/prediction.js';
import { type HoltWintersConfig, HoltWintersCursor, type HoltWintersState } from './cursor.js';

/** Everything a recursive (cursor-driven) model is built from. */
export interface CursorModelParts {
  /** Kind name and parameter version written into `params()`. */
  readonly kind: string;
  readonly version: number;
  readonly info: TrainingInfo;
  readonly bandWidth: number;
  readonly config: HoltWintersConfig;
  readonly state: HoltWintersState;
  readonly calibration: CalibrationTable;
  /** The kind's header fields besides `calibration`, as `restore` reads them. */
  readonly header: JsonObject;
  /** The kind's blocks besides `calibration`. */
  readonly blocks: Readonly<Record<string, ParamBlock>>;
}

/**
 * A fitted model driven by the Holt-Winters recursion (`holt-winters`, and
 * `baseline`, which is the same recursion without trend or season): its state
 * as of `info.toSeconds`. Predicting runs a fresh cursor from that state, so
 * the model itself never changes.
 */
export class CursorModel implements Model {
  readonly kind: string;
  readonly info: TrainingInfo;
  readonly byteSize: number;
  readonly #parts: CursorModelParts;
  readonly #calibrator: Calibrator;

  constructor(parts: CursorModelParts) {
    this.#parts = parts;
    this.kind = parts.kind;
    this.info = parts.info;
    this.#calibrator = new Calibrator(parts.calibration);
    this.byteSize = 12 * parts.state.season.length + this.#calibrator.byteSize + 512;
  }

  predict(points: Points, out?: Prediction): Prediction {
    const ts = points.timestamps;
    const vs = points.values;
    checkPoints(this.kind, ts, vs);
    const n = ts.length;
    const result = preparePrediction(this.kind, n, out);
    const cursor = this.#cursor();
    for (let i = 0; i < n; i++) {
      const t = ts[i]!;
      const x = vs[i]!;
      if (this.#evaluate(cursor, t, x, result, i)) cursor.commit(t, x);
    }
    return result;
  }

  scorer(): Scorer {
    const cursor = this.#cursor();
    return {
      score: (t, value, out, index) => {
        this.#evaluate(cursor, t, value, out, index);
      },
      update: (t, value) => {
        if (!Number.isFinite(t)) return;
        cursor.forecast(t);
        cursor.commit(t, value);
      },
    };
  }

  params(): ModelParams {
    const parts = this.#parts;
    const calibration = calibrationParams(parts.calibration);
    const blocks: Record<string, ParamBlock> = {};
    for (const [name, block] of Object.entries(parts.blocks)) blocks[name] = block.slice();
    blocks['calibration'] = calibration.block.slice();
    return {
      kind: parts.kind,
      kindVersion: parts.version,
      info: { ...parts.info },
      header: { ...parts.header, calibration: calibration.header },
      blocks,
    };
  }

  #cursor(): HoltWintersCursor {
    return new HoltWintersCursor(this.#parts.config, this.#parts.state);
  }

  /** Writes entry `i` for `x` at `t` against the cursor; false when `t` is not a finite time. */
  #evaluate(cursor: HoltWintersCursor, t: number, x: number, out: Prediction, i: number): boolean {
    if (!Number.isFinite(t)) {
      out.scores[i] = 0;
      out.expected[i] = Number.NaN;
      out.lower[i] = Number.NaN;
      out.upper[i] = Number.NaN;
      return false;
    }
    cursor.forecast(t);
    const expected = cursor.expected;
    const half = this.#parts.bandWidth * cursor.sd;
    out.expected[i] = expected;
    out.lower[i] = expected - half;
    out.upper[i] = expected + half;
    // Non-finite values are missing: score 0.
    out.scores[i] = Number.isFinite(x)
      ? this.#calibrator.score(Math.abs(x - expected) / cursor.sd)
      : 0;
    return true;
  }
}
