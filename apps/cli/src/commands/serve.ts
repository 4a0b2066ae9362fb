import { availableParallelism } from 'node:os';
import {
  loadServerEnv,
  parseApiKeys,
  serveCluster,
  startServerFromConfig,
  type WorkerConfig,
} from '@myriad/server';
import type { Command } from 'commander';
import { pino } from 'pino';
import { env } from '../env.js';
import { integerFlag } from '../flags.js';
import { startLocalQueue } from '../local-queue.js';
import { note } from '../output.js';

/**
 * `myriad serve`: the predict API. Flags win over the environment
 * (MYRIAD_HOST, MYRIAD_PORT, MYRIAD_WORKERS, MYRIAD_CACHE_BYTES, MYRIAD_API_KEYS, MYRIAD_AUTH,
 * MYRIAD_MAX_BODY_BYTES; see apps/server/src/env.ts). Without `--redis` it
 * starts a private redis-server and training workers for the run routes
 * (`--no-queue`: neither).
 */
export function registerServe(program: Command): Command {
  return program
    .command('serve')
    .description('serve the predict API (N worker processes share the port; SIGTERM drains)')
    .option(
      '--store <location>',
      'store location: fs:PATH or redis://host:port/db',
      env.MYRIAD_STORE,
    )
    .option(
      '--host <host>',
      'interface to listen on (non-loopback requires API keys unless --auth off)',
    )
    .option('--port <port>', 'port (0 = any free port)', integerFlag('--port', 0))
    .option('--workers <n>', 'worker processes (0 = one per CPU)', integerFlag('--workers', 0))
    .option(
      '--cache-bytes <bytes>',
      'model cache budget per worker, bytes',
      integerFlag('--cache-bytes'),
    )
    .option(
      '--redis <url>',
      'Redis of the training queue (POST /v1/runs, /admin/queues); default: a private redis-server',
      env.MYRIAD_REDIS_URL,
    )
    .option(
      '--train-workers <n>',
      'training worker processes started with the private redis-server',
      integerFlag('--train-workers', 1),
      1,
    )
    .option('--no-queue', 'no training queue: run routes answer 503 and no redis-server starts')
    .option('--auth <mode>', 'auto (keys required off loopback), on or off')
    .option('--max-body-bytes <bytes>', 'largest request body', integerFlag('--max-body-bytes'))
    .option('--no-log-requests', 'no log line per request (errors are still logged)')
    .option(
      '--async-reads',
      'fs store: read artifacts through the thread pool, never blocking a worker on disk (for stores larger than RAM)',
    )
    .action(async (opts: Record<string, unknown>) => {
      const serverEnv = loadServerEnv();
      const auth = (opts.auth as string | undefined) ?? serverEnv.MYRIAD_AUTH;
      if (auth !== 'auto' && auth !== 'on' && auth !== 'off')
        throw new Error('--auth must be auto, on or off');
      const requested = (opts.workers as number | undefined) ?? serverEnv.MYRIAD_WORKERS;
      const workers = requested === 0 ? availableParallelism() : requested;

      // Everything started here is stopped, in reverse order, once the server has.
      const stops: Array<() => Promise<void>> = [];
      const stopAll = async () => {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      };
      try {
        let redisUrl = opts.redis as string | undefined;
        if (redisUrl === undefined && opts.queue !== false) {
          const queue = await startLocalQueue({
            redisUrl,
            redisDir: 'redis-serve',
            workers: opts.trainWorkers as number,
          });
          stops.push(() => queue.stop());
          redisUrl = queue.redisUrl;
        }
        const config: WorkerConfig = {
          store: opts.store as string,
          host: (opts.host as string | undefined) ?? serverEnv.MYRIAD_HOST,
          port: (opts.port as number | undefined) ?? serverEnv.MYRIAD_PORT,
          cacheBytes: (opts.cacheBytes as number | undefined) ?? serverEnv.MYRIAD_CACHE_BYTES,
          redisUrl,
          auth,
          apiKeys: parseApiKeys(serverEnv.MYRIAD_API_KEYS),
          maxBodyBytes:
            (opts.maxBodyBytes as number | undefined) ?? serverEnv.MYRIAD_MAX_BODY_BYTES,
          logLevel: env.LOG_LEVEL,
          logRequests: opts.logRequests !== false,
          benchRoutes: false,
          ...(opts.asyncReads === true ? { fsSyncReads: false } : {}),
        };
        await serve(config, workers);
      } finally {
        await stopAll();
      }
    });
}

/** Serves until SIGTERM/SIGINT, in this process (1 worker) or a cluster. */
async function serve(config: WorkerConfig, workers: number): Promise<void> {
  const logger = pino({ level: env.LOG_LEVEL, base: { pid: process.pid } });
  if (workers === 1) {
    const server = await startServerFromConfig(config, logger);
    note(`myriad serve: listening on ${server.url} (1 process; Ctrl-C to stop)`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        server.close().then(done, done);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    return;
  }
  const running = await serveCluster({ ...config, workers, logger });
  note(`myriad serve: listening on ${running.url} (${workers} worker processes; Ctrl-C to stop)`);
  await running.closed;
}
