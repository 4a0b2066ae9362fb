/**
 * The model contract every kind implements. Timestamps are Unix seconds
 * (floats allowed), ascending; values are finite numbers or NaN for missing.
 */

/** A run of points as parallel arrays. Timestamps are Unix seconds, ascending. */
export interface Points {
  readonly timestamps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/**
 * What a model says about each point: an anomaly score in [0, 1], the value it
 * expected and a band around it. All arrays have one entry per point.
 */
export interface Prediction {
  /** Calibrated anomaly score in [0, 1]; 0.99 = as rare as 1 in 100 of the model's normal points. */
  readonly scores: Float64Array;
  /** The value the model expected at that point. */
  readonly expected: Float64Array;
  /** Lower edge of the normal band (expected − k·scale; k is the kind's `bandWidth`). */
  readonly lower: Float64Array;
  /** Upper edge of the normal band. */
  readonly upper: Float64Array;
}

/** Allocates a {@link Prediction} for `length` points, zero-filled. */
export function createPrediction(length: number): Prediction {
  return {
    scores: new Float64Array(length),
    expected: new Float64Array(length),
    lower: new Float64Array(length),
    upper: new Float64Array(length),
  };
}

/** A JSON value, as stored in a model's parameter header. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The typed arrays a parameter block may be. */
export type ParamBlock = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

/** What a model was trained on: window and summary statistics. */
export interface TrainingInfo {
  /** Bucket length of the training data (the model's resolution), in seconds. */
  readonly stepSeconds: number;
  /** Timestamp of the first training point, Unix seconds. */
  readonly fromSeconds: number;
  /** Timestamp of the last training point, Unix seconds. The model's state is as of this point. */
  readonly toSeconds: number;
  /** Finite training points used. */
  readonly count: number;
  /** Mean of the finite training values. */
  readonly mean: number;
  /** Standard deviation of the finite training values. */
  readonly std: number;
}

/**
 * Everything needed to rebuild a model: which kind, the training info, a small
 * JSON header (settings and scalar state) and named typed-array blocks (tables).
 * `store` serialises any kind through this shape without knowing the kind.
 */
export interface ModelParams {
  /** The registered kind name, e.g. `seasonal`. */
  readonly kind: string;
  /** The kind's parameter format version; `restore` rejects versions it does not know. */
  readonly kindVersion: number;
  readonly info: TrainingInfo;
  readonly header: JsonObject;
  readonly blocks: Readonly<Record<string, ParamBlock>>;
}

/**
 * A streaming cursor over a model's state. It starts at the trained state
 * (as of `info.toSeconds`); `update` advances it, `score` only looks.
 */
export interface Scorer {
  /**
   * Scores `value` at `timestampSeconds` against the current state, advancing
   * over any gap since the last update first (without changing the cursor),
   * and writes entry `index` of `out`. A NaN value scores 0.
   */
  score(timestampSeconds: number, value: number, out: Prediction, index: number): void;
  /**
   * Consumes an observed value, advancing the state over any gap first.
   * NaN values advance time but do not change level or scale. Timestamps
   * must not decrease; an earlier one is ignored.
   */
  update(timestampSeconds: number, value: number): void;
}

/** A fitted model. Immutable: predicting never changes it. */
export interface Model {
  /** The registered kind name. */
  readonly kind: string;
  readonly info: TrainingInfo;
  /** Approximate bytes the model retains in memory (for cache budgets). */
  readonly byteSize: number;
  /**
   * Scores points in order, each against the state left by the points before
   * it (no look-ahead): equivalent to `score` then `update` on a fresh scorer
   * per point. Writes into `out` when given (it must be at least as long).
   */
  predict(points: Points, out?: Prediction): Prediction;
  /** A fresh cursor at the trained state. */
  scorer(): Scorer;
  /** The parameters that rebuild this model exactly through its kind's `restore`. */
  params(): ModelParams;
}

/** Options every kind's `fit` takes. */
export interface FitOptions {
  /** The bucket length of `history` in seconds (history is already aggregated to it). */
  readonly stepSeconds: number;
}

/**
 * An algorithm: a fit function and a way back from stored parameters.
 * `O` is the kind's own settings, all optional with documented defaults.
 */
export interface ModelKind<O extends object = object> {
  /** Registry name, `[a-z][a-z0-9-]*`, written into every artifact. */
  readonly name: string;
  /** Version of this kind's parameter layout. */
  readonly version: number;
  /** The kind's settings with their defaults. */
  readonly defaults: Readonly<O>;
  /**
   * Fits on `history` (ascending timestamps, at `options.stepSeconds`).
   * @throws MyriadError `INSUFFICIENT_DATA` or `INVALID_INPUT` with a message naming the problem.
   */
  fit(history: Points, options: FitOptions & Partial<O>): Model;
  /**
   * Rebuilds a model from {@link Model.params}.
   * @throws MyriadError `INVALID_PARAMS` when the blocks or header do not fit this kind.
   */
  restore(params: ModelParams): Model;
}
