import { runTrainBench } from '@myriad/bench';
import type { Command } from 'commander';
import { parseInteger } from '../flags.js';
import { createProgress, note, printJson, printTable } from '../output.js';

interface BenchTrainFlags {
  series: string;
  workers: string;
  perProcess: string;
  shardSize: string;
  history: string;
  redis?: string;
  store?: string;
  fsync: boolean;
  listing?: boolean;
  enqueueOnly?: boolean;
  json?: boolean;
}

/** `myriad bench train`: end-to-end training throughput (models/s) and time per stage. */
export function registerBenchTrain(bench: Command): Command {
  return bench
    .command('train')
    .description(
      'train N synthetic series with W worker processes; models/s end to end and time per stage',
    )
    .option('--series <n>', 'series to train', '10000')
    .option('--workers <n>', 'worker processes', '2')
    .option('--per-process <n>', 'shard jobs at once per worker process', '2')
    .option('--shard-size <n>', 'series per shard', '250')
    .option('--history <duration>', 'training window of one-minute points', '7d')
    .option('--redis <url>', 'use this Redis instead of a private redis-server')
    .option('--store <location>', 'store location (default: fs store in a temp dir)')
    .option('--no-fsync', 'do not fsync artifacts (fs store)')
    .option(
      '--listing',
      "enumerate from the source's listing (shards carry ids) instead of fleet ranges",
    )
    .option('--enqueue-only', 'only enumerate the run into shard jobs and report the producer heap')
    .option('--json', 'print a JSON summary as the last line')
    .action(async (flags: BenchTrainFlags) => {
      const series = parseInteger(flags.series, '--series');
      const progress = createProgress(flags.enqueueOnly === true ? 'enqueue' : 'train', series);
      const result = await runTrainBench({
        series,
        workers: parseInteger(flags.workers, '--workers'),
        perProcess: parseInteger(flags.perProcess, '--per-process'),
        shardSize: parseInteger(flags.shardSize, '--shard-size'),
        history: flags.history,
        fsync: flags.fsync,
        listing: flags.listing === true,
        enqueueOnly: flags.enqueueOnly === true,
        ...(flags.redis === undefined ? {} : { redis: flags.redis }),
        ...(flags.store === undefined ? {} : { store: flags.store }),
        onProgress: (s) =>
          progress.update(
            flags.enqueueOnly === true
              ? Math.min(series, s.shardsEnqueued * Number(flags.shardSize))
              : s.seriesDone + s.seriesFailed,
          ),
      });
      progress.stop();
      printTable([
        {
          mode: result.mode,
          series: result.series,
          workers: result.workers,
          models: result.models,
          'wall s': result.wallSeconds,
          'models/s': result.modelsPerSecond,
          ...(result.heapMiB === undefined ? {} : { 'heap peak MiB': result.heapMiB.peak }),
        },
      ]);
      if (result.mode === 'train') {
        printTable(
          Object.entries(result.stageSeconds).map(([stage, seconds]) => ({
            stage,
            'worker s': seconds,
          })),
        );
      }
      if (flags.json === true) printJson(result);
      else note('add --json for the machine-readable summary');
    });
}
