import { createDefaultRegistry } from '@myriad/core';
import type { WorkerConfig } from './cluster.js';
import type { ServerLogger } from './context.js';
import type { QueueDashboard, RunQueue } from './deps.js';
import { type RunningServer, startServer } from './main.js';
import { createTrainerRunQueue } from './run-queue.js';

/** The training queue's client and dashboard, and how to close them. */
interface QueueParts {
  runs: RunQueue;
  queueDashboard: QueueDashboard;
  close: () => Promise<void>;
}

/**
 * Connects to the trainer's queue. BullMQ and bull-board are imported here,
 * only when a queue is configured: they are about 13 MB of a server process's
 * live heap, which every major GC marks again (measured: a worker's modules
 * hold 20 MB of heap with them, 7 MB without).
 */
async function openQueue(redisUrl: string, store: string): Promise<QueueParts> {
  const { createTrainerClient, DEFAULT_PREFIX, openQueues, redisOptions } = await import(
    '@myriad/trainer'
  );
  const { createQueueDashboard } = await import('./routes/admin.js');
  // Runs enqueued over HTTP may not name a csv folder: that would let an API
  // caller make the workers read any directory on their machines.
  const trainer = createTrainerClient({ connection: redisUrl, spec: { sources: ['synthetic'] } });
  const queues = openQueues(redisOptions(redisUrl), DEFAULT_PREFIX);
  return {
    runs: createTrainerRunQueue(trainer, store),
    queueDashboard: createQueueDashboard([queues.runs, queues.shards]),
    close: async () => {
      await Promise.allSettled([trainer.close(), queues.close()]);
    },
  };
}

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
  const queue =
    config.redisUrl === undefined ? undefined : await openQueue(config.redisUrl, config.store);
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
      ...(config.fsSyncReads === undefined
        ? {}
        : { storeOptions: { syncReads: config.fsSyncReads } }),
      ...(queue === undefined
        ? {}
        : { runs: queue.runs, queueDashboard: queue.queueDashboard, onClose: queue.close }),
    });
  } catch (err) {
    await queue?.close();
    throw err;
  }
}
