import { availableParallelism } from 'node:os';
import { describeConnection, startWorkerPool } from '@myriad/trainer';
import type { Command } from 'commander';
import { note } from '../output.js';
import { redisUrl } from './train.js';

/** `myriad worker [--concurrency N]`: train shards until stopped (SIGTERM/SIGINT finish the current shards). */
export function registerWorker(program: Command): Command {
  return program
    .command('worker')
    .description(
      'run training workers: one process per core by default; many machines may share one Redis',
    )
    .option('--concurrency <n>', 'worker processes (default: one per core)')
    .option('--redis <url>', 'Redis of the queue (default MYRIAD_REDIS_URL)')
    .option('--prefix <prefix>', 'queue key prefix', 'myriad')
    .option('--verbose', 'log run and shard events to stderr')
    .action(
      async (flags: {
        concurrency?: string;
        redis?: string;
        prefix: string;
        verbose?: boolean;
      }) => {
        const processes =
          flags.concurrency === undefined ? availableParallelism() : Number(flags.concurrency);
        if (!Number.isInteger(processes) || processes < 1 || processes > 256) {
          throw new Error(
            `--concurrency must be an integer from 1 to 256, got ${flags.concurrency}`,
          );
        }
        const connection = redisUrl(flags.redis);
        const pool = await startWorkerPool({
          processes,
          worker: { connection, prefix: flags.prefix, verbose: flags.verbose === true },
        });
        note(
          `${processes} worker process(es) on ${describeConnection(connection)}; Ctrl-C stops after the current shards`,
        );
        await new Promise<void>((resolve) => {
          const stop = () => {
            note('stopping: finishing current shards…');
            pool.close().then(resolve, resolve);
          };
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
        });
      },
    );
}
