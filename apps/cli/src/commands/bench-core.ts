import { runCoreBench } from '@myriad/bench';
import type { Command } from 'commander';
import { createProgress, note, printJson, printTable } from '../output.js';

interface BenchCoreFlags {
  rounds: string;
  json?: boolean;
}

/** `myriad bench core`: fits/s per model kind and predict points/s, on one core. */
export function registerBenchCore(bench: Command): Command {
  return bench
    .command('core')
    .description(
      'fits/s per model kind and predict points/s on synthetic histories (7d at 1m, 28d at 15m, 28d at 1h)',
    )
    .option('--rounds <n>', 'timed calls per kind and history (medians are reported)', '51')
    .option('--json', 'print a JSON summary as the last line')
    .action((flags: BenchCoreFlags) => {
      const rounds = Number(flags.rounds);
      if (!Number.isInteger(rounds) || rounds < 1) {
        throw new Error(`--rounds must be a positive integer, got ${flags.rounds}`);
      }
      const progress = createProgress('bench core', 1);
      const summary = runCoreBench({
        fitRounds: rounds,
        predictRounds: rounds,
        onProgress: (done, total) => {
          progress.setTotal(total);
          progress.update(done);
        },
      });
      progress.stop();
      printTable(
        summary.rows.map((r) => ({
          kind: r.kind,
          history: r.resolution,
          points: r.points,
          'fit ms': r.fitMs,
          'fits/s': r.fitsPerSec,
          'predict points/s': r.predictPointsPerSec,
        })),
      );
      if (flags.json === true) printJson(summary);
      else note('add --json for the machine-readable summary');
    });
}
