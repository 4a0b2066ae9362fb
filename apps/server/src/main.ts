import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { KindRegistry } from '@myriad/core';
import { createModelCache, type ModelStore, type OpenStoreOptions, openStore } from '@myriad/store';
import { pino } from 'pino';
import { collectDefaultMetrics } from 'prom-client';
import { createApp } from './app.js';
import type { ServerLogger } from './context.js';
import type { QueueDashboard, RunQueue } from './deps.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { type ApiKey, isLoopbackHost } from './middleware/auth.js';
import { createCacheModelSource } from './model-source.js';

/** Options for {@link startServer}; everything but `store` and `registry` has a default. */
export interface StartServerOptions {
  /** Store location (`fs:…`, `redis://…`) or an opened store (then not closed by `close()`). */
  store: string | ModelStore;
  /** Kinds the stored artifacts may name. */
  registry: KindRegistry;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Model cache budget, bytes. Default 256 MiB. */
  cacheBytes?: number;
  /** Cache freshness bound (see ModelCacheOptions.refreshMs), ms. Default 5,000. */
  cacheRefreshMs?: number;
  /** `auto` (default): keys required unless `host` is loopback; `on`; `off`. */
  auth?: 'auto' | 'on' | 'off';
  apiKeys?: readonly ApiKey[];
  /** Largest request body, bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long a cache miss waits for the store before 503, ms. Default 2,000. */
  storeTimeoutMs?: number;
  /** Options for opening the store from a location. */
  storeOptions?: OpenStoreOptions;
  /** The training queue (see `createTrainerRunQueue`); absent: run routes answer 503. */
  runs?: RunQueue;
  queueDashboard?: QueueDashboard;
  /** Default: pino JSON on stdout at `logLevel`. */
  logger?: ServerLogger;
  /** Default `info`. */
  logLevel?: string;
  /** One log line per request. Default true. */
  logRequests?: boolean;
  /** Adds the bench ceiling route. Default false. */
  benchRoutes?: boolean;
  /** After `close()` starts, in-flight requests get this long before their sockets are cut, ms. Default 10,000. */
  drainTimeoutMs?: number;
  /**
   * Adds prom-client's process metrics to `/metrics` (CPU, memory, event-loop
   * lag, GC pause durations by kind). Once per process: they observe the whole
   * process. Default false (the CLI's server processes turn it on).
   */
  processMetrics?: boolean;
  /** Renders `/metrics` instead of this process's registry (see cluster.ts). */
  renderMetrics?: () => Promise<string>;
  /** Called when the server has closed (after `close()`), e.g. to close the queue. */
  onClose?: () => Promise<void> | void;
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly app: ReturnType<typeof createApp>;
  /** This process's metrics. */
  readonly metrics: ServerMetrics;
  /** Requests being handled right now. */
  inFlight(): number;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to
   * `drainTimeoutMs`), then closes the cache and the store it opened. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Opens the store, builds the app and listens: the only place that opens a port.
 * @throws StoreError from `openStore` (bad location, Redis unreachable); Error for bad auth settings.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const logger =
    options.logger ?? pino({ level: options.logLevel ?? 'info', base: { pid: process.pid } });
  const mode = options.auth ?? 'auto';
  const required = mode === 'on' || (mode === 'auto' && !isLoopbackHost(host));
  const ownsStore = typeof options.store === 'string';
  const store =
    typeof options.store === 'string'
      ? await openStore(options.store, options.storeOptions)
      : options.store;
  const cache = createModelCache({
    store,
    registry: options.registry,
    ...(options.cacheBytes === undefined ? {} : { maxBytes: options.cacheBytes }),
    ...(options.cacheRefreshMs === undefined ? {} : { refreshMs: options.cacheRefreshMs }),
  });
  const models = createCacheModelSource(cache, store);
  const metrics = createServerMetrics(() => models.stats());
  if (options.processMetrics === true) collectDefaultMetrics({ register: metrics.registry });
  let app: ReturnType<typeof createApp>;
  try {
    app = createApp({
      models,
      metrics,
      renderMetrics: options.renderMetrics,
      logger,
      auth: { required, keys: options.apiKeys ?? [] },
      limits: {
        ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
        ...(options.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: options.storeTimeoutMs }),
      },
      runs: options.runs,
      queueDashboard: options.queueDashboard,
      logRequests: options.logRequests ?? true,
      benchRoutes: options.benchRoutes ?? false,
    });
  } catch (err) {
    cache.close();
    if (ownsStore) await store.close();
    throw err;
  }

  let inFlight = 0;
  const fetch = async (request: Request, env: unknown) => {
    inFlight++;
    try {
      return await app.fetch(request, env);
    } finally {
      inFlight--;
    }
  };
  const server = serve({ fetch, hostname: host, port: options.port ?? 8080 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info(
    { url: `http://${urlHost}:${address.port}`, auth: required, store: store.location },
    'listening',
  );

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    host,
    port: address.port,
    app,
    metrics,
    inFlight: () => inFlight,
    close() {
      closing ??= (async () => {
        const drainMs = options.drainTimeoutMs ?? 10_000;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            logger.warn({ inFlight }, 'drain timeout: closing remaining connections');
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, drainMs);
          // Idle keep-alive sockets would hold close() open; busy ones are closed
          // once their request has been answered (checked every 50 ms).
          const sweep = setInterval(() => {
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }, 50);
          server.close(() => {
            clearTimeout(timer);
            clearInterval(sweep);
            resolve();
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        cache.close();
        if (ownsStore) await store.close();
        await options.onClose?.();
        logger.info('closed');
      })();
      return closing;
    },
  };
}
