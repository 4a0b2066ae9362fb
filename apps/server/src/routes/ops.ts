import { createRoute, z } from '@hono/zod-openapi';
import type { ModelSource } from '../deps.js';
import type { ServerMetrics } from '../metrics.js';
import type { Auth } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { errorResponses } from '../schemas/common.js';
import { HealthSchema, ReadySchema } from '../schemas/ops.js';

/** What the operations routes need. */
export interface OpsRoutesOptions {
  auth: Auth;
  models: ModelSource;
  metrics: ServerMetrics;
  /** How long /readyz waits for the store, in ms. */
  readyTimeoutMs: number;
  /** Renders /metrics instead of this process's registry (a cluster worker asks the primary for all workers'). */
  renderMetrics?: (() => Promise<string>) | undefined;
}

/** `GET /healthz` (no auth), `GET /readyz` (no auth), `GET /metrics` (admin scope when auth is on). */
export function createOpsRoutes({
  auth,
  models,
  metrics,
  readyTimeoutMs,
  renderMetrics,
}: OpsRoutesOptions) {
  const health = createRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    responses: {
      200: { description: 'alive', content: { 'application/json': { schema: HealthSchema } } },
    },
  });
  const ready = createRoute({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the store answers',
    responses: {
      200: { description: 'ready', content: { 'application/json': { schema: ReadySchema } } },
      503: {
        description: 'store unreachable',
        content: { 'application/json': { schema: ReadySchema } },
      },
    },
  });
  const metricsRoute = createRoute({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (text format)',
    middleware: auth.require('admin'),
    responses: {
      200: {
        description: 'Prometheus text exposition',
        content: { 'text/plain': { schema: z.string() } },
      },
      ...errorResponses(401, 403),
    },
  });

  return createRouter()
    .openapi(health, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(ready, async (c) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          models.ping(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer within ${readyTimeoutMs} ms`)),
              readyTimeoutMs,
            );
          }),
        ]);
        metrics.storeSeconds.observe(
          { op: 'ping', outcome: 'ok' },
          (performance.now() - started) / 1000,
        );
        return c.json({ status: 'ready' as const, store: 'ok' }, 200);
      } catch (err) {
        metrics.storeSeconds.observe(
          { op: 'ping', outcome: 'error' },
          (performance.now() - started) / 1000,
        );
        const reason = err instanceof Error ? err.message : 'unreachable';
        return c.json({ status: 'unavailable' as const, store: reason }, 503);
      } finally {
        clearTimeout(timer);
      }
    })
    .openapi(metricsRoute, async (c) => {
      const text =
        renderMetrics === undefined ? await metrics.registry.metrics() : await renderMetrics();
      return c.text(text, 200, { 'content-type': metrics.registry.contentType });
    });
}
