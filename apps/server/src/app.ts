import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ServerEnvTypes } from './context.js';
import type { AppDeps } from './deps.js';
import { ApiError, describeError, errorBody } from './errors.js';
import { createServerMetrics } from './metrics.js';
import { createAuth } from './middleware/auth.js';
import { limitBody } from './middleware/body-limit.js';
import { observe } from './middleware/observe.js';
import { createPredictor } from './predictor.js';
import { createRouter } from './router.js';
import { createDocsRoutes } from './routes/docs.js';
import { createModelRoutes } from './routes/models.js';
import { createOpsRoutes } from './routes/ops.js';
import { createPredictRoutes } from './routes/predict.js';
import { createRunRoutes } from './routes/runs.js';
import { createSeriesRoutes } from './routes/series.js';

/** Default largest request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Builds the Hono app (it does not listen; see `startServer`). Every error
 * answers JSON `{error: {code, message}}`; codes map to statuses in errors.ts.
 * @throws Error for bad auth settings (see `createAuth`).
 */
export function createApp(deps: AppDeps) {
  const metrics = deps.metrics ?? createServerMetrics(() => deps.models.stats());
  const auth = createAuth(deps.auth);
  const limits = deps.limits ?? {};
  const maxBodyBytes = limits.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const storeTimeoutMs = limits.storeTimeoutMs ?? 2000;
  const predictor = createPredictor(deps.models, metrics, storeTimeoutMs);

  const base = createRouter();
  const app = base
    .use('*', observe({ logger: deps.logger, metrics, logRequests: deps.logRequests ?? true }))
    .use('*', limitBody(maxBodyBytes))
    .route('/', createPredictRoutes({ auth, predictor, metrics }))
    .route('/', createSeriesRoutes({ auth, predictor, metrics }))
    .route('/', createModelRoutes({ auth, models: deps.models }))
    .route('/', createRunRoutes({ auth, runs: deps.runs }))
    .route(
      '/',
      createOpsRoutes({
        auth,
        models: deps.models,
        metrics,
        readyTimeoutMs: storeTimeoutMs,
        renderMetrics: deps.renderMetrics,
      }),
    );

  base.doc('/openapi.json', {
    openapi: '3.0.0',
    info: {
      title: 'Myriad predict API',
      version: '0.1.0',
      description:
        'Scores time-series points with stored anomaly-detection models. Errors are {error: {code, message}}.',
    },
  });
  app.route('/', createDocsRoutes('/openapi.json'));

  if (deps.queueDashboard !== undefined) {
    app.use('/admin/queues/*', auth.require('admin'));
    app.use('/admin/queues', auth.require('admin'));
    app.route('/admin/queues', deps.queueDashboard.app);
  }
  if (deps.benchRoutes === true) {
    // The ceiling for `myriad bench serve`: same stack, reads and parses the body, no model work.
    app.post('/bench/ceiling', auth.require('predict'), async (c) => {
      const body = (await c.req.json().catch(() => null)) as { datapoints?: unknown } | null;
      const n = Array.isArray(body?.datapoints) ? body.datapoints.length : 0;
      return c.json({ ok: true, points: n });
    });
  }

  app.notFound((c) =>
    c.json(errorBody('ROUTE_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`), 404),
  );
  app.onError((err, c) => respondError(err, c, deps, metrics));
  return app;
}

function respondError(
  err: unknown,
  c: Context<ServerEnvTypes>,
  deps: AppDeps,
  metrics: ReturnType<typeof createServerMetrics>,
): Response {
  const mapped = err instanceof HTTPException ? fromHttpException(err) : err;
  const { status, body, internal } = describeError(mapped);
  metrics.errors.inc({ code: body.error.code });
  if (internal) deps.logger.error({ err, reqId: c.get('requestId') }, 'request error');
  return c.json(body, status);
}

/** Hono's own exceptions (malformed JSON, wrong media type, …) as ApiErrors. */
function fromHttpException(err: HTTPException): ApiError {
  switch (err.status) {
    case 400:
      return new ApiError(
        'MALFORMED_JSON',
        /malformed json/i.test(err.message) ? 'request body is not valid JSON' : err.message,
      );
    case 413:
      return new ApiError('PAYLOAD_TOO_LARGE', 'request body is too large');
    case 415:
      return new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        'request body must be JSON with content-type: application/json',
      );
    default:
      return new ApiError('INTERNAL', 'internal error', { cause: err });
  }
}

/** The app's type: the route schemas the typed client is checked against. */
export type AppType = ReturnType<typeof createApp>;
