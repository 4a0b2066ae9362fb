import { createRoute, type z } from '@hono/zod-openapi';
import type { Model } from '@myriad/core';
import { describeError } from '../errors.js';
import { predictionJson, sendJsonText } from '../json.js';
import type { ServerMetrics } from '../metrics.js';
import type { Auth } from '../middleware/auth.js';
import type { Predictor } from '../predictor.js';
import { createRouter } from '../router.js';
import { errorResponses } from '../schemas/common.js';
import {
  BatchRequestSchema,
  BatchResponseSchema,
  ExplainQuerySchema,
  ModelIdParamSchema,
  ModelPredictionSchema,
  ModelPredictRequestSchema,
  PredictRequestSchema,
  PredictResponseSchema,
} from '../schemas/predict.js';

const PREDICT_ERRORS = errorResponses(400, 401, 403, 404, 413, 415, 422, 503);

/** What the predict routes need. */
export interface PredictRoutesOptions {
  auth: Auth;
  predictor: Predictor;
  metrics: ServerMetrics;
}

/** `POST /predict`, `POST /v1/models/{modelId}/predict`, `POST /v1/predict/batch`. */
export function createPredictRoutes({ auth, predictor, metrics }: PredictRoutesOptions) {
  const guard = auth.require('predict');

  const reference = createRoute({
    method: 'post',
    path: '/predict',
    summary: 'Score datapoints with one model (reference-compatible form)',
    middleware: guard,
    request: {
      body: { content: { 'application/json': { schema: PredictRequestSchema } }, required: true },
    },
    responses: {
      200: {
        description: 'one score per datapoint',
        content: { 'application/json': { schema: PredictResponseSchema } },
      },
      ...PREDICT_ERRORS,
    },
  });

  const byPath = createRoute({
    method: 'post',
    path: '/v1/models/{modelId}/predict',
    summary:
      'Score datapoints with the model named in the path; explain=true adds expected and band',
    middleware: guard,
    request: {
      params: ModelIdParamSchema,
      query: ExplainQuerySchema,
      body: {
        content: { 'application/json': { schema: ModelPredictRequestSchema } },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'scores (and explanation)',
        content: { 'application/json': { schema: ModelPredictionSchema } },
      },
      ...PREDICT_ERRORS,
    },
  });

  const batch = createRoute({
    method: 'post',
    path: '/v1/predict/batch',
    summary: 'Score many models in one request; a failing model yields an error entry',
    middleware: guard,
    request: {
      query: ExplainQuerySchema,
      body: { content: { 'application/json': { schema: BatchRequestSchema } }, required: true },
    },
    responses: {
      200: {
        description: 'one result per request, in order',
        content: { 'application/json': { schema: BatchResponseSchema } },
      },
      ...errorResponses(400, 401, 403, 413, 415),
    },
  });

  // Label children made once: `inc(labels)` would hash the label object per request.
  const counted = {
    predict: metrics.predictions.labels('predict'),
    model: metrics.predictions.labels('model'),
    batch: metrics.predictions.labels('batch'),
  };

  return createRouter()
    .openapi(reference, async (c) => {
      const body = c.req.valid('json');
      const loaded = predictor.load(body.model_id, 'model_id');
      const model = loaded instanceof Promise ? await loaded : loaded;
      const result = predictor.predict(model, body.model_id, body.datapoints, 'datapoints', false);
      counted.predict.inc();
      return sendJsonText<z.infer<typeof PredictResponseSchema>>(c, predictionJson(result, false));
    })
    .openapi(byPath, async (c) => {
      const { modelId } = c.req.valid('param');
      const explain = isTrue(c.req.valid('query').explain);
      const body = c.req.valid('json');
      const loaded = predictor.load(modelId, 'modelId');
      const model = loaded instanceof Promise ? await loaded : loaded;
      const result = predictor.predict(model, modelId, body.datapoints, 'datapoints', explain);
      counted.model.inc();
      return sendJsonText<z.infer<typeof ModelPredictionSchema>>(c, predictionJson(result));
    })
    .openapi(batch, async (c) => {
      const explain = isTrue(c.req.valid('query').explain);
      const { requests } = c.req.valid('json');
      const n = requests.length;
      const models = new Array<Model | Promise<Model> | undefined>(n);
      // Each entry's JSON text, in order: a prediction or an error entry.
      const results = new Array<string | undefined>(n);
      let pending = false;
      for (let i = 0; i < n; i++) {
        const item = requests[i] as (typeof requests)[number];
        try {
          const loaded = predictor.load(item.model_id, `requests[${i}].model_id`);
          if (loaded instanceof Promise) {
            pending = true;
            // Attach a handler now so a rejection is never unhandled while others load.
            loaded.catch(() => {});
          }
          models[i] = loaded;
        } catch (err) {
          results[i] = errorEntry(item.model_id, err, metrics);
        }
      }
      if (pending) await Promise.allSettled(models.filter((m) => m instanceof Promise));
      let ok = 0;
      for (let i = 0; i < n; i++) {
        if (results[i] !== undefined) continue;
        const item = requests[i] as (typeof requests)[number];
        try {
          const loaded = models[i] as Model | Promise<Model>;
          const model = loaded instanceof Promise ? await loaded : loaded;
          results[i] = predictionJson(
            predictor.predict(
              model,
              item.model_id,
              item.datapoints,
              `requests[${i}].datapoints`,
              explain,
            ),
          );
          ok++;
        } catch (err) {
          results[i] = errorEntry(item.model_id, err, metrics);
        }
      }
      counted.batch.inc(ok);
      return sendJsonText<z.infer<typeof BatchResponseSchema>>(
        c,
        `{"results":[${results.join(',')}]}`,
      );
    });
}

/** A batch error entry's JSON text; counts the error. */
function errorEntry(modelId: string, err: unknown, metrics: ServerMetrics): string {
  const { body } = describeError(err);
  metrics.errors.inc({ code: body.error.code });
  return JSON.stringify({ model_id: modelId, error: body.error });
}

function isTrue(flag: string | undefined): boolean {
  return flag === 'true' || flag === '1';
}
