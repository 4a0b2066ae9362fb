import { runStoreBench } from '@myriad/bench';
import { createDefaultRegistry } from '@myriad/core';
import type { Command } from 'commander';
import { parseInteger } from '../flags.js';
import { createProgress, note, type Progress, printJson, printTable } from '../output.js';

interface BenchStoreFlags {
  models: string;
  samples: string;
  days: string;
  kinds?: string;
  redis?: string;
  redisBench: boolean;
  json?: boolean;
}

/** `myriad bench store`: artifact sizes, codec speed, store read latency, cache hits. */
export function registerBenchStore(bench: Command): Command {
  return bench
    .command('store')
    .description(
      'bytes per artifact by kind and resolution (vs JSON and raw float64), encode/decode µs, fs and redis read latency, cache-hit ns',
    )
    .option('--models <n>', 'models written to each store for cold reads', '100000')
    .option('--samples <n>', 'reads per latency figure', '5000')
    .option('--days <n>', 'days of synthetic history per model', '28')
    .option('--kinds <names>', 'comma-separated kinds to size (default: all registered)')
    .option('--redis <url>', 'use this Redis instead of a private redis-server')
    .option('--no-redis-bench', 'skip the Redis store')
    .option('--json', 'print a JSON summary as the last line')
    .action(async (flags: BenchStoreFlags) => {
      const registry = createDefaultRegistry();
      let bar: Progress | undefined;
      let stage = '';
      const result = await runStoreBench({
        registry,
        models: parseInteger(flags.models, '--models'),
        samples: parseInteger(flags.samples, '--samples'),
        historyDays: parseInteger(flags.days, '--days'),
        skipRedis: !flags.redisBench,
        ...(flags.kinds === undefined
          ? {}
          : { kinds: flags.kinds.split(',').map((k) => k.trim()) }),
        ...(flags.redis === undefined ? {} : { redisUrl: flags.redis }),
        onProgress: (name, done, total) => {
          if (name !== stage) {
            bar?.stop();
            stage = name;
            bar = createProgress(name, total);
          }
          bar?.update(done);
        },
      });
      bar?.stop();
      printTable(
        result.kinds.map((k) => ({
          kind: k.kind,
          res: k.resolution,
          artifact: k.artifactBytes,
          float32: k.float32Bytes,
          json: k.jsonBytes,
          rawF64: k.rawFloat64Bytes,
          'json/art': Math.round((k.jsonBytes / k.artifactBytes) * 10) / 10,
          'encUs node': k.encodeUs.node,
          'encUs fflate': k.encodeUs.fflate,
          'decUs node': k.decodeUs.node,
          'decUs fflate': k.decodeUs.fflate,
        })),
      );
      const rows = [
        ['fs', result.fs] as const,
        ...(result.redis ? [['redis', result.redis] as const] : []),
      ];
      printTable(
        rows.map(([store, l]) => ({
          store,
          models: l.models,
          'write s': l.writeSeconds,
          'cold get p50': l.coldGetP50Us,
          'cold get p99': l.coldGetP99Us,
          '+predict p99': l.coldDecodePredictP99Us,
          'warm get p50': l.warmGetP50Us,
          'warm get p99': l.warmGetP99Us,
        })),
      );
      for (const f of result.failures) note(`fit failed: ${f.kind}@${f.resolution}: ${f.error}`);
      note(`load average ${result.load.start} → ${result.load.end} on ${result.load.cpus} CPUs`);
      note(
        `ensemble (${result.ensemble.kind}): ${result.bytesPerModel} B/model, ${result.ratioVsJson}× smaller than JSON; cold decode+predict p99 ${result.coldDecodePredictP99Us} µs; cache hit ${result.cacheHitNs} ns`,
      );
      if (flags.json === true) printJson(result);
    });
}
