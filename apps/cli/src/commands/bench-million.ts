import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runMillionBench } from '@myriad/bench';
import type { Command } from 'commander';
import { parseInteger } from '../flags.js';
import { createProgress, note, printJson, printTable } from '../output.js';

interface BenchMillionFlags {
  regions: string;
  hostsPerRegion: string;
  metrics: string;
  workers?: string;
  serverWorkers?: string;
  cacheMib: string;
  seconds: string;
  dir?: string;
  redis?: string;
  keep?: boolean;
  reuse?: boolean;
  json?: boolean;
}

function optionalInteger(text: string | undefined, flag: string): number | undefined {
  return text === undefined ? undefined : parseInteger(text, flag);
}

/** `myriad bench million`: train ≥ 1,000,000 models through the queue, then serve them all. */
export function registerBenchMillion(bench: Command): Command {
  return bench
    .command('million')
    .description(
      'train 10 regions × 8,400 hosts × 4 metrics × 3 resolutions (1,008,000 models), then serve them',
    )
    .option('--regions <n>', 'regions', '10')
    .option('--hosts-per-region <n>', 'hosts per region', '8400')
    .option('--metrics <n>', 'metrics per host (1 to 6)', '4')
    .option('--workers <n>', 'training worker processes (default: one per core)')
    .option('--server-workers <n>', 'server processes (default: one per core)')
    .option('--cache-mib <n>', 'the server model cache in all, MiB', '256')
    .option('--seconds <n>', 'serving phase length, seconds', '60')
    .option('--dir <path>', 'work folder, emptied first (default ./.myriad/bench-million)')
    .option('--redis <url>', 'use this Redis instead of a private redis-server')
    .option('--keep', 'keep the trained store afterwards')
    .option(
      '--reuse',
      'serve the store an earlier --keep run left in --dir (same fleet flags) instead of training again; keeps it',
    )
    .option('--json', 'print a JSON summary as the last line')
    .action(async (flags: BenchMillionFlags) => {
      let bar: ReturnType<typeof createProgress> | undefined;
      const hostsPerRegion = optionalInteger(flags.hostsPerRegion, '--hosts-per-region');
      const regions = optionalInteger(flags.regions, '--regions');
      const metrics = optionalInteger(flags.metrics, '--metrics');
      const workers = optionalInteger(flags.workers, '--workers');
      const serverWorkers = optionalInteger(flags.serverWorkers, '--server-workers');
      const result = await runMillionBench({
        ...(regions === undefined ? {} : { regions }),
        ...(hostsPerRegion === undefined ? {} : { hostsPerRegion }),
        ...(metrics === undefined ? {} : { metrics }),
        ...(workers === undefined ? {} : { workers }),
        ...(serverWorkers === undefined ? {} : { serverWorkers }),
        cacheBytes: (optionalInteger(flags.cacheMib, '--cache-mib') ?? 256) * 2 ** 20,
        serveSeconds: optionalInteger(flags.seconds, '--seconds') ?? 60,
        ...(flags.dir === undefined ? {} : { dir: flags.dir }),
        ...(flags.redis === undefined ? {} : { redisUrl: flags.redis }),
        reuse: flags.reuse === true,
        onProgress: (message) => {
          bar?.stop();
          bar = undefined;
          note(message);
        },
        onTrainProgress: (done, total) => {
          bar ??= createProgress('training', total);
          bar.update(done);
        },
      });
      bar?.stop();
      printTable([
        { measure: 'models trained', value: result.models },
        { measure: 'training wall time (s)', value: result.trainSeconds },
        { measure: 'models/s', value: result.modelsPerSecond },
        { measure: 'store bytes per model', value: result.bytesPerModel },
        { measure: 'store MiB in all', value: result.storeBytes / 2 ** 20 },
        { measure: 'server RSS MiB (all processes)', value: result.serverRssBytes / 2 ** 20 },
        { measure: 'cache hit ratio', value: result.cacheHitRatio },
        { measure: 'req/s', value: result.reqPerSec },
        { measure: 'p50 ms at half that rate', value: result.p50Ms },
        { measure: 'p99 ms at half that rate (median of 3)', value: result.p99Ms },
        {
          measure: 'p99 ms in each round',
          value: result.halfRateRounds.map((r) => r.p99Ms.toFixed(2)).join(' '),
        },
        { measure: 'p99 ms saturated (closed loop)', value: result.saturatedP99Ms },
        { measure: 'non-2xx responses', value: result.errors },
      ]);
      if (flags.keep === true || flags.reuse === true)
        note(`kept the trained store in ${result.dir}`);
      else {
        // rm(1) walks a million files in constant memory; fs.rm holds them all.
        note(`removing ${result.dir} …`);
        await promisify(execFile)('rm', ['-rf', '--', result.dir]);
      }
      if (flags.json === true) printJson(result);
    });
}
