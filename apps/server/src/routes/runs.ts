import { createRoute } from '@hono/zod-openapi';
import type { RunQueue } from '../deps.js';
import { ApiError } from '../errors.js';
import type { Auth } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { errorResponses } from '../schemas/common.js';
import {
  RunCreatedSchema,
  RunIdParamSchema,
  RunSpecBodySchema,
  RunStatusSchema,
} from '../schemas/ops.js';

function requireQueue(runs: RunQueue | undefined): RunQueue {
  if (runs === undefined) {
    throw new ApiError(
      'QUEUE_UNAVAILABLE',
      'no training queue is configured on this server: start it with --redis URL (or MYRIAD_REDIS_URL) to enqueue runs',
    );
  }
  return runs;
}

/** `POST /v1/runs`, `GET /v1/runs/{id}` (train scope); 503 without a queue. */
export function createRunRoutes({ auth, runs }: { auth: Auth; runs: RunQueue | undefined }) {
  const guard = auth.require('train');
  const create = createRoute({
    method: 'post',
    path: '/v1/runs',
    summary: 'Enqueue a training run',
    middleware: guard,
    request: {
      body: { content: { 'application/json': { schema: RunSpecBodySchema } }, required: true },
    },
    responses: {
      202: {
        description: 'enqueued',
        content: { 'application/json': { schema: RunCreatedSchema } },
      },
      ...errorResponses(400, 401, 403, 413, 415, 503),
    },
  });
  const status = createRoute({
    method: 'get',
    path: '/v1/runs/{id}',
    summary: "A run's progress",
    middleware: guard,
    request: { params: RunIdParamSchema },
    responses: {
      200: {
        description: 'progress',
        content: { 'application/json': { schema: RunStatusSchema } },
      },
      ...errorResponses(401, 403, 404, 503),
    },
  });
  return createRouter()
    .openapi(create, async (c) => {
      const queue = requireQueue(runs);
      const { runId } = await queue.enqueue(c.req.valid('json'));
      return c.json({ run_id: runId }, 202);
    })
    .openapi(status, async (c) => {
      const queue = requireQueue(runs);
      const view = await queue.get(c.req.valid('param').id);
      return c.json(view, 200);
    });
}
