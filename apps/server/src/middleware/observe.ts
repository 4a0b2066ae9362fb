import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { ServerEnvTypes, ServerLogger } from '../context.js';
import type { ServerMetrics } from '../metrics.js';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Options for {@link observe}. */
export interface ObserveOptions {
  logger: ServerLogger;
  metrics: ServerMetrics;
  /** Log one line per request at info (default true); errors ≥ 500 are always logged. */
  logRequests?: boolean;
}

/**
 * Request id, one JSON log line per request, and the latency histogram.
 * The id comes from the caller's `x-request-id` when it is short and plain,
 * else a fresh UUID; it is echoed in the response's `x-request-id`.
 */
export function observe(options: ObserveOptions): MiddlewareHandler<ServerEnvTypes> {
  const { logger, metrics } = options;
  const logRequests = options.logRequests ?? true;
  // Route patterns × methods × statuses: a small, bounded set.
  const children = new Map<string, { observe(seconds: number): void }>();
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && SANE_REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    // Set before the response exists: a header added afterwards makes Hono copy the
    // response into a web Response with a stream, a far slower path on node-server.
    c.header('x-request-id', requestId);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const matched = routePath(c, -1);
    const route = matched === '*' || matched === '/*' ? 'unmatched' : matched;
    const status = c.res.status;
    const method = c.req.method;
    // One histogram child per (route, method, status), made once: `observe(labels)`
    // would hash the label object on every request.
    const key = `${route} ${method} ${status}`;
    let child = children.get(key);
    if (child === undefined) {
      child = metrics.requestSeconds.labels(route, method, String(status));
      children.set(key, child);
    }
    child.observe(seconds);
    if (logRequests || status >= 500) {
      const line = {
        reqId: requestId,
        method,
        route,
        path: c.req.path,
        status,
        ms: Math.round(seconds * 1e5) / 100,
        key: c.get('keyName'),
      };
      if (status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    }
  };
}
