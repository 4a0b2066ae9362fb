import { createDefaultRegistry } from '@myriad/core';
import { createTrainerClient, DEFAULT_PREFIX, openQueues, redisOptions } from '@myriad/trainer';
import type { WorkerConfig } from './cluster.js';
import type { ServerLogger } from './context.js';
import { type RunningServer, startServer } from './main.js';
import { createQueueDashboard } from './routes/admin.js';
import { createTrainerRunQueue } from './run-queue.js';

/**
 * Starts one server process from plain config: core's default kinds, and when
 * `redisUrl` is set the trainer's queue (run routes) and its BullMQ dashboard
 * at /admin/queues (closed with the server).
 */
export async function startServerFromConfig(
  config: WorkerConfig,
  logger: ServerLogger,
  renderMetrics?: () => Promise<string>,
): Promise<RunningServer> {
  const trainer =
    config.redisUrl === undefined
      ? undefined
      : // Runs enqueued over HTTP may not name a csv folder: that would let an API
        // caller make the workers read any directory on their machines.
        createTrainerClient({ connection: config.redisUrl, spec: { sources: ['synthetic'] } });
  const queues =
    config.redisUrl === undefined
      ? undefined
      : openQueues(redisOptions(config.redisUrl), DEFAULT_PREFIX);
  const closeQueue = async () => {
    await Promise.allSettled([trainer?.close(), queues?.close()]);
  };
  try {
    return await startServer({
      store: config.store,
      registry: createDefaultRegistry(),
      host: config.host,
      port: config.port,
      auth: config.auth,
      apiKeys: config.apiKeys,
      logger,
      logRequests: config.logRequests,
      benchRoutes: config.benchRoutes,
      processMetrics: true,
      ...(renderMetrics === undefined ? {} : { renderMetrics }),
      ...(config.cacheBytes === undefined ? {} : { cacheBytes: config.cacheBytes }),
      ...(config.maxBodyBytes === undefined ? {} : { maxBodyBytes: config.maxBodyBytes }),
      ...(config.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: config.drainTimeoutMs }),
      ...(trainer === undefined || queues === undefined
        ? {}
        : {
            runs: createTrainerRunQueue(trainer, config.store),
            queueDashboard: createQueueDashboard([queues.runs, queues.shards]),
            onClose: closeQueue,
          }),
    });
  } catch (err) {
    await closeQueue();
    throw err;
  }
}
