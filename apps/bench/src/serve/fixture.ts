import { createDefaultRegistry, fitEnsembleModels, type ModelParams } from '@myriad/core';
import { openStore, type PutEntry } from '@myriad/store';
import { syntheticSeries } from '@myriad/trainer';

/** End of the bench models' training window (a Monday 00:00 UTC). */
export const BENCH_TRAINED_TO = 1_700_438_400;

/** The ids the serve benchmark uses. */
export interface BenchModels {
  /** One model answered from the cache (warm predicts). */
  warm: string;
  /** The series scored with its 1m/15m/1h ensemble. */
  series: string;
  /** Models batch requests name (100 per request). */
  batch: string[];
  /** Prefix and count of the cold set: `${coldPrefix}${i}/cpu@1m`, i < coldCount. */
  coldPrefix: string;
  coldCount: number;
  /** Bytes of one stored 1m artifact and of the restored model in memory. */
  artifactBytes: number;
  modelBytes: number;
}

/** `cold-${i}` ids. */
export function coldModelId(prefix: string, i: number): string {
  return `${prefix}${i}/cpu@1m`;
}

/**
 * Builds the benchmark store quickly: fits one series' 1m/15m/1h models on 7
 * days of synthetic data, then writes the 1m model's parameters under
 * `count` ids (re-encoded per id, since the id is inside the artifact), in
 * batches of 2,000 with fsync off.
 */
export async function buildBenchStore(
  location: string,
  count: number,
  onProgress?: (done: number, total: number) => void,
): Promise<BenchModels> {
  const registry = createDefaultRegistry();
  const store = await openStore(location, { fsync: false, keepVersions: 1 });
  try {
    const series = 'bench/warm-host/cpu';
    const history = syntheticSeries(series, BENCH_TRAINED_TO - 7 * 86_400, BENCH_TRAINED_TO, {
      incidents: false,
    });
    const fit = fitEnsembleModels(history, { registry });
    let oneMinute: ModelParams | undefined;
    let modelBytes = 0;
    const first: PutEntry[] = [];
    for (const member of fit.members) {
      if (!member.ok) throw member.error;
      const params = member.model.params();
      first.push({ modelId: `${series}@${member.resolution.text}`, params });
      if (member.resolution.seconds === 60) {
        oneMinute = params;
        modelBytes = member.model.byteSize;
      }
    }
    if (oneMinute === undefined) throw new Error('no 1m model fitted');
    const batch = Array.from({ length: 100 }, (_, i) => `bench/batch-${i}/cpu@1m`);
    for (const modelId of batch) first.push({ modelId, params: oneMinute });
    const metas = await store.putMany(first);
    const coldPrefix = 'bench/cold-';
    const existing = await store.stat(coldModelId(coldPrefix, count - 1));
    if (existing === undefined) {
      const size = 2000;
      for (let start = 0; start < count; start += size) {
        const entries: PutEntry[] = [];
        for (let i = start; i < Math.min(count, start + size); i++) {
          entries.push({ modelId: coldModelId(coldPrefix, i), params: oneMinute });
        }
        await store.putMany(entries);
        onProgress?.(Math.min(count, start + size), count);
      }
    }
    return {
      warm: `${series}@1m`,
      series,
      batch,
      coldPrefix,
      coldCount: count,
      artifactBytes: metas[0]?.bytes ?? 0,
      modelBytes,
    };
  } finally {
    await store.close();
  }
}

/** `count` one-minute points right after training. */
export function benchDatapoints(count: number, seriesId = 'bench/warm-host/cpu') {
  const s = syntheticSeries(seriesId, BENCH_TRAINED_TO, BENCH_TRAINED_TO + count * 60, {
    incidents: false,
  });
  return Array.from(s.timestamps, (t, i) => ({
    timestamp: t,
    value: Math.round((s.values[i] as number) * 1000) / 1000,
  }));
}
