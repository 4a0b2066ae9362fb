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
    .option(
      '--per-process <n>',
      'shard jobs at once per process (overlaps fitting with store I/O)',
      '2',
    )
    .option('--redis <url>', 'Redis of the queue (default MYRIAD_REDIS_URL)')
    .option('--prefix <prefix>', 'queue key prefix', 'myriad')
    .option('--verbose', 'log run and shard events to stderr')
    .action(
      async (flags: {
        concurrency?: string;
        perProcess: string;
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
        const perProcess = Number(flags.perProcess);
        if (!Number.isInteger(perProcess) || perProcess < 1 || perProcess > 64) {
          throw new Error(`--per-process must be an integer from 1 to 64, got ${flags.perProcess}`);
        }
        const connection = redisUrl(flags.redis);
        const pool = await startWorkerPool({
          processes,
          worker: {
            connection,
            prefix: flags.prefix,
            concurrency: perProcess,
            verbose: flags.verbose === true,
          },
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
