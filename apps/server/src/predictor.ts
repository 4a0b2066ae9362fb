import { createPrediction, type Model, type Prediction, parseModelId } from '@myriad/core';
import type { ModelSource } from './deps.js';
import { ApiError } from './errors.js';
import type { ScoredModel } from './json.js';
import type { ServerMetrics } from './metrics.js';
import { type Datapoint, type PointsScratch, parseDatapoints } from './points.js';

/** Loads models with a deadline and records store latency; predicts from datapoints. */
export interface Predictor {
  /**
   * The model for an id (validated here; `field` names it in messages).
   * @throws ApiError `INVALID_REQUEST`, store `NOT_FOUND`, `STORE_UNAVAILABLE`, `STORE_TIMEOUT`.
   */
  load(modelId: string, field: string): Model | Promise<Model>;
  /**
   * Scores datapoints with a loaded model (serialise with `predictionJson`).
   * The result's arrays are views of a scratch buffer: serialise them before
   * the next call (and before any await).
   * @throws ApiError `UNORDERED_DATAPOINTS`, `UNUSABLE_INPUT`, `INVALID_REQUEST` (bad date).
   */
  predict(
    model: Model,
    modelId: string,
    datapoints: readonly Datapoint[],
    path: string,
    explain: boolean,
  ): ScoredModel;
}

/**
 * Creates the predictor. A miss that waits longer than `storeTimeoutMs` for the
 * store answers 503 `STORE_TIMEOUT` instead of hanging; the load itself goes on
 * and fills the cache when the store answers.
 */
export function createPredictor(
  models: ModelSource,
  metrics: ServerMetrics,
  storeTimeoutMs: number,
): Predictor {
  async function timedLoad(id: string, pending: Promise<Model>): Promise<Model> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ApiError(
              'STORE_TIMEOUT',
              `the store did not answer within ${storeTimeoutMs} ms loading ${id}`,
            ),
          ),
        storeTimeoutMs,
      );
    });
    try {
      const model = await Promise.race([pending, deadline]);
      metrics.storeSeconds.observe(
        { op: 'load', outcome: 'ok' },
        (performance.now() - started) / 1000,
      );
      return model;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      metrics.storeSeconds.observe(
        { op: 'load', outcome: typeof code === 'string' ? code : 'error' },
        (performance.now() - started) / 1000,
      );
      // Keep a rejected load from surfacing as unhandled once the deadline won.
      pending.catch(() => {});
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  // One scratch prediction, grown on demand: `predict` writes into it and the
  // caller serialises the result before the next `predict` (synchronously, no
  // await in between), so it saves four allocations per request safely.
  let scratch = createPrediction(256);
  // Likewise for the parsed datapoints: each request's arrays would otherwise be
  // two fresh off-heap buffers for the garbage collector to track.
  const pointsScratch: PointsScratch = {
    timestamps: new Float64Array(256),
    values: new Float64Array(256),
  };

  return {
    load(modelId, field) {
      // A hit needs no parsing: the cache holds only ids that were validated (in
      // canonical form). No set of seen ids either: under uniform access over a
      // million models it kept every id string alive long enough to be promoted,
      // and the old generation filled with them between full GCs.
      const hit = models.cached?.(modelId);
      if (hit !== undefined) return hit;
      let id: string;
      try {
        id = parseModelId(modelId).id;
      } catch (err) {
        throw new ApiError('INVALID_REQUEST', `${field}: ${(err as Error).message}`);
      }
      const got = models.get(id);
      return got instanceof Promise ? timedLoad(id, got) : got;
    },
    predict(model, modelId, datapoints, path, explain) {
      const points = parseDatapoints(datapoints, path, pointsScratch);
      const n = points.timestamps.length;
      if (scratch.scores.length < n)
        scratch = createPrediction(Math.max(n, scratch.scores.length * 2));
      const out = model.predict(points, scratch);
      const prediction: Prediction = {
        scores: out.scores.subarray(0, n),
        expected: out.expected.subarray(0, n),
        lower: out.lower.subarray(0, n),
        upper: out.upper.subarray(0, n),
      };
      return { modelId, prediction, explain };
    },
  };
}
