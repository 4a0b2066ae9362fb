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
import { note } from '../output.js';

/**
 * `myriad serve`: the predict API. Flags win over the environment
 * (MYRIAD_HOST, MYRIAD_PORT, MYRIAD_WORKERS, MYRIAD_CACHE_BYTES, MYRIAD_API_KEYS, MYRIAD_AUTH,
 * MYRIAD_MAX_BODY_BYTES; see apps/server/src/env.ts).
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
      'Redis of the training queue (enables POST /v1/runs and /admin/queues)',
      env.MYRIAD_REDIS_URL,
    )
    .option('--auth <mode>', 'auto (keys required off loopback), on or off')
    .option('--max-body-bytes <bytes>', 'largest request body', integerFlag('--max-body-bytes'))
    .option('--no-log-requests', 'no log line per request (errors are still logged)')
    .action(async (opts: Record<string, unknown>) => {
      const serverEnv = loadServerEnv();
      const auth = (opts.auth as string | undefined) ?? serverEnv.MYRIAD_AUTH;
      if (auth !== 'auto' && auth !== 'on' && auth !== 'off')
        throw new Error('--auth must be auto, on or off');
      const config: WorkerConfig = {
        store: opts.store as string,
        host: (opts.host as string | undefined) ?? serverEnv.MYRIAD_HOST,
        port: (opts.port as number | undefined) ?? serverEnv.MYRIAD_PORT,
        cacheBytes: (opts.cacheBytes as number | undefined) ?? serverEnv.MYRIAD_CACHE_BYTES,
        redisUrl: opts.redis as string | undefined,
        auth,
        apiKeys: parseApiKeys(serverEnv.MYRIAD_API_KEYS),
        maxBodyBytes: (opts.maxBodyBytes as number | undefined) ?? serverEnv.MYRIAD_MAX_BODY_BYTES,
        logLevel: env.LOG_LEVEL,
        logRequests: opts.logRequests !== false,
        benchRoutes: false,
      };
      const requested = (opts.workers as number | undefined) ?? serverEnv.MYRIAD_WORKERS;
      const workers = requested === 0 ? availableParallelism() : requested;
      const logger = pino({ level: env.LOG_LEVEL, base: { pid: process.pid } });
      if (workers === 1) {
        const server = await startServerFromConfig(config, logger);
        note(`myriad serve: listening on ${server.url} (1 process; Ctrl-C to stop)`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGTERM', stop);
            process.off('SIGINT', stop);
            server.close().then(resolve, resolve);
          };
          process.on('SIGTERM', stop);
          process.on('SIGINT', stop);
        });
        return;
      }
      const running = await serveCluster({ ...config, workers, logger });
      note(
        `myriad serve: listening on ${running.url} (${workers} worker processes; Ctrl-C to stop)`,
      );
      await running.closed;
    });
}
