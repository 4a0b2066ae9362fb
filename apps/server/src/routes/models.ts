import { createRoute } from '@hono/zod-openapi';
import { parseModelId } from '@myriad/core';
import type { ModelSource } from '../deps.js';
import { ApiError } from '../errors.js';
import type { Auth } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { errorResponses } from '../schemas/common.js';
import { ModelMetadataSchema } from '../schemas/ops.js';
import { ModelIdParamSchema } from '../schemas/predict.js';

/** `GET /v1/models/{modelId}`: stored metadata (predict scope). */
export function createModelRoutes({ auth, models }: { auth: Auth; models: ModelSource }) {
  const route = createRoute({
    method: 'get',
    path: '/v1/models/{modelId}',
    summary: "A model's kind, version, training window and artifact size",
    middleware: auth.require('predict'),
    request: { params: ModelIdParamSchema },
    responses: {
      200: {
        description: 'metadata',
        content: { 'application/json': { schema: ModelMetadataSchema } },
      },
      ...errorResponses(400, 401, 403, 404, 503),
    },
  });
  return createRouter().openapi(route, async (c) => {
    const { modelId } = c.req.valid('param');
    let id: string;
    try {
      id = parseModelId(modelId).id;
    } catch (err) {
      throw new ApiError('INVALID_REQUEST', `modelId: ${(err as Error).message}`);
    }
    const m = await models.metadata(id);
    return c.json(
      {
        model_id: m.modelId,
        kind: m.kind,
        version: m.version,
        trained: {
          from: m.trainedFromSeconds,
          to: m.trainedToSeconds,
          step_seconds: m.stepSeconds,
          points: m.trainedPoints,
        },
        artifact_bytes: m.artifactBytes,
        created_at: m.createdAtSeconds ?? null,
      },
      200,
    );
  });
}
