import { z } from '@hono/zod-openapi';
import {
  DatapointsSchema,
  ErrorSchema,
  fastParse,
  isModelIdText,
  isObject,
  isPlainDatapoints,
  ModelIdSchema,
  NullableNumberArray,
} from './common.js';

/** Most models in one batch request. */
export const MAX_BATCH_ITEMS = 1000;

/** `POST /predict`: the reference-compatible request. */
export const PredictRequestSchema = fastParse(
  z.object({ model_id: ModelIdSchema, datapoints: DatapointsSchema }).openapi('PredictRequest'),
  isPlainPredictRequest,
);

/** Fast check of {@link PredictRequestSchema} (see `fastParse`). */
export function isPlainPredictRequest(value: unknown): boolean {
  return isObject(value) && isModelIdText(value.model_id) && isPlainDatapoints(value.datapoints);
}

/** `POST /predict`: one calibrated score in [0, 1] per datapoint. */
export const PredictResponseSchema = z
  .object({ anomaly_scores: z.array(z.number()).openapi({ example: [0.12, 0.4, 0.997] }) })
  .openapi('PredictResponse');

/** `POST /v1/models/{modelId}/predict`: the body (the model is in the path). */
export const ModelPredictRequestSchema = fastParse(
  z.object({ datapoints: DatapointsSchema }).openapi('ModelPredictRequest'),
  (value) => isObject(value) && isPlainDatapoints(value.datapoints),
);

/** `?explain=true` adds the expected value and the band per point. */
export const ExplainQuerySchema = z.object({
  explain: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .openapi({ description: 'true: add expected, lower and upper per point' }),
});

/** `POST /v1/models/{modelId}/predict` and batch results. */
export const ModelPredictionSchema = z
  .object({
    model_id: z.string(),
    anomaly_scores: z.array(z.number()),
    expected: NullableNumberArray.optional().openapi({ description: 'with explain=true' }),
    lower: NullableNumberArray.optional().openapi({
      description: 'lower band edge, with explain=true',
    }),
    upper: NullableNumberArray.optional().openapi({
      description: 'upper band edge, with explain=true',
    }),
  })
  .openapi('ModelPrediction');

/** The path parameter naming a model (URL-encoded: `/` as %2F, `@` as %40). */
export const ModelIdParamSchema = z.object({
  modelId: ModelIdSchema.openapi({
    param: { name: 'modelId', in: 'path' },
    description: 'URL-encoded model id',
  }),
});

/** `POST /v1/predict/batch`. */
export const BatchRequestSchema = fastParse(
  z
    .object({ requests: z.array(PredictRequestSchema).min(1).max(MAX_BATCH_ITEMS) })
    .openapi('BatchRequest'),
  isPlainBatchRequest,
);

/** Fast check of {@link BatchRequestSchema}. */
export function isPlainBatchRequest(value: unknown): boolean {
  if (!isObject(value)) return false;
  const requests = value.requests;
  if (!Array.isArray(requests) || requests.length < 1 || requests.length > MAX_BATCH_ITEMS)
    return false;
  for (let i = 0; i < requests.length; i++) if (!isPlainPredictRequest(requests[i])) return false;
  return true;
}

/** One batch entry that failed; the others still answer. */
export const BatchErrorEntrySchema = z
  .object({ model_id: z.string(), error: ErrorSchema.shape.error })
  .openapi('BatchError');

/** `POST /v1/predict/batch`: one result per request, in order. */
export const BatchResponseSchema = z
  .object({ results: z.array(z.union([ModelPredictionSchema, BatchErrorEntrySchema])) })
  .openapi('BatchResponse');
