import { z } from '@hono/zod-openapi';

/** `GET /healthz`. */
export const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

/** `GET /readyz`. */
export const ReadySchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    store: z.string().openapi({ example: 'ok' }),
  })
  .openapi('Ready');

/** `GET /v1/models/{modelId}`. */
export const ModelMetadataSchema = z
  .object({
    model_id: z.string(),
    kind: z.string().openapi({ example: 'seasonal' }),
    version: z.number().int().openapi({ description: 'artifact version' }),
    trained: z.object({
      from: z.number().openapi({ description: 'first training point, Unix seconds' }),
      to: z.number().openapi({ description: 'last training point, Unix seconds' }),
      step_seconds: z.number(),
      points: z.number().int(),
    }),
    artifact_bytes: z.number().int(),
    created_at: z
      .number()
      .nullable()
      .openapi({ description: 'Unix seconds, when the store knows' }),
  })
  .openapi('ModelMetadata');

/** `POST /v1/runs` answer. */
export const RunCreatedSchema = z.object({ run_id: z.string() }).openapi('RunCreated');

/** `GET /v1/runs/{id}` answer: the trainer's status fields, snake_case. */
export const RunStatusSchema = z
  .object({ run_id: z.string(), state: z.string() })
  .catchall(z.unknown())
  .openapi('RunStatus');

/** `POST /v1/runs` body: a run spec (see the trainer's README); validated by the trainer. */
export const RunSpecBodySchema = z.record(z.string(), z.unknown()).openapi('RunSpec', {
  description: 'a run spec object; validated by the trainer (400 names the field)',
});

/** The run id path parameter. */
export const RunIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
