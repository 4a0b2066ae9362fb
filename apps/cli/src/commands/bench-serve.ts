import { runServeBench } from '@myriad/bench';
import type { Command } from 'commander';
import { note, printJson, printTable } from '../output.js';

function int(name: string, min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(text)}`);
    return n;
  };
}

/**
 * `myriad bench serve`: the predict API's throughput and latency on this
 * machine (server workers and the load generator share its cores).
 */
export function registerBenchServe(bench: Command): Command {
  return bench
    .command('serve')
    .description(
      'predict API: ceiling, warm, cold, batch and series req/s with p50/p99 (one JSON line last with --json)',
    )
    .option('--workers <n>', 'server worker processes', int('--workers', 1), 2)
    .option('--models <n>', 'models in the cold set', int('--models', 1000), 100_000)
    .option(
      '--cache-bytes <bytes>',
      'model cache per worker (below the cold set)',
      int('--cache-bytes', 1024 * 1024),
      32 * 1024 * 1024,
    )
    .option('--phase-ms <ms>', 'measured time per phase', int('--phase-ms', 500), 5000)
    .option(
      '--connections <n>',
      'connections of the closed-loop phases',
      int('--connections', 1),
      32,
    )
    .option(
      '--batch-points <n>',
      'datapoints per model in the batch phase',
      int('--batch-points', 1),
      10,
    )
    .option(
      '--rounds <n>',
      'alternating ceiling/warm rounds (the machine is shared)',
      int('--rounds', 1),
      3,
    )
    .option(
      '--gc-helper-threads',
      "keep V8's GC helper threads in the server workers (default: single-threaded GC when workers ≥ cores)",
    )
    .option('--dir <path>', 'where to build (and reuse) the bench store')
    .option('--json', 'print the summary as one JSON line last')
    .action(async (opts: Record<string, unknown>) => {
      const summary = await runServeBench({
        workers: opts.workers as number,
        models: opts.models as number,
        cacheBytes: opts.cacheBytes as number,
        phaseMs: opts.phaseMs as number,
        connections: opts.connections as number,
        batchPoints: opts.batchPoints as number,
        ...(opts.gcHelperThreads === true ? { singleThreadedGc: false } : {}),
        rounds: opts.rounds as number,
        ...(typeof opts.dir === 'string' ? { dir: opts.dir } : {}),
        onProgress: note,
      });
      const rows = Object.entries(summary.phases).map(([phase, p]) => ({
        phase,
        'req/s': p.reqPerSec,
        'p50 ms': p.p50Ms,
        'p99 ms': p.p99Ms,
        errors: p.errors,
        'loadgen cpu': p.loadgenCpu,
      }));
      if (opts.json === true) {
        printJson({ bench: 'serve', ...summary });
      } else {
        printTable(rows);
        note(
          `warm/ceiling ${summary.warmOverCeiling}; warm p99 at half rate ${summary.warmP99MsAtHalfRate} ms; ` +
            `cold p99 at half rate ${summary.coldP99Ms} ms; batch ${summary.batchPredictionsPerSec} predictions/s`,
        );
      }
    });
}
