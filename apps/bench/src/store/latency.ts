import type { KindRegistry, ModelParams } from '@myriad/core';
import { createModelCache, type ModelStore, type PutEntry } from '@myriad/store';
import { nowNs, percentile, round } from './measure.js';

/** Latency of reads from one store, µs. */
export interface StoreLatency {
  /** Models stored (uniformly sampled for the cold reads). */
  readonly models: number;
  /** Seconds to write them (putMany in batches). */
  readonly writeSeconds: number;
  /** `store.get` (read + checksum + decode) of a random model, p50/p99 µs. */
  readonly coldGetP50Us: number;
  readonly coldGetP99Us: number;
  /** get + restore + predict one point for a random model, p50/p99 µs. */
  readonly coldDecodePredictP50Us: number;
  readonly coldDecodePredictP99Us: number;
  /** `store.get` of one model over and over, p50/p99 µs. */
  readonly warmGetP50Us: number;
  readonly warmGetP99Us: number;
}

/** Model id of series `i` at `resolution`. */
export function benchModelId(i: number, resolution: string): string {
  return `bench-region/host-${i.toString().padStart(6, '0')}/page_load_ms@${resolution}`;
}

/**
 * Writes `count` models: the given ensemble members (params per resolution)
 * re-encoded under many series ids. Reports progress after each batch.
 */
export async function fillStore(
  store: ModelStore,
  members: ReadonlyArray<{ resolution: string; params: ModelParams }>,
  count: number,
  onProgress?: (done: number) => void,
): Promise<string[]> {
  const ids: string[] = [];
  const batchSize = 500;
  let batch: PutEntry[] = [];
  for (let i = 0; ids.length < count; i++) {
    for (const m of members) {
      if (ids.length >= count) break;
      const modelId = benchModelId(i, m.resolution);
      ids.push(modelId);
      batch.push({ modelId, params: m.params, runId: 'bench' });
    }
    if (batch.length >= batchSize || ids.length >= count) {
      await store.putMany(batch);
      batch = [];
      onProgress?.(ids.length);
    }
  }
  return ids;
}

/** Measures cold (uniform over `ids`) and warm reads. */
export async function measureStore(
  store: ModelStore,
  registry: KindRegistry,
  ids: readonly string[],
  samples: number,
  writeSeconds: number,
): Promise<StoreLatency> {
  const getUs: number[] = [];
  const predictUs: number[] = [];
  let seed = 12345;
  const pick = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return ids[seed % ids.length] as string;
  };
  const point = { timestamps: [1_767_225_600 + 60], values: [300] };
  // Warm-up (JIT, connections), not recorded.
  for (let i = 0; i < Math.min(500, samples); i++) {
    const stored = await store.get(pick());
    if (stored !== undefined) registry.restore(stored.params).predict(point);
  }
  for (let i = 0; i < samples; i++) {
    const id = pick();
    const t0 = nowNs();
    const stored = await store.get(id);
    const t1 = nowNs();
    if (stored === undefined) throw new Error(`bench model ${id} missing from ${store.location}`);
    registry.restore(stored.params).predict(point);
    const t2 = nowNs();
    getUs.push((t1 - t0) / 1000);
    predictUs.push((t2 - t0) / 1000);
  }
  const warmUs: number[] = [];
  const hot = ids[0] as string;
  for (let i = 0; i < samples; i++) {
    const t0 = nowNs();
    await store.get(hot);
    warmUs.push((nowNs() - t0) / 1000);
  }
  return {
    models: ids.length,
    writeSeconds: round(writeSeconds, 2),
    coldGetP50Us: round(percentile(getUs, 50)),
    coldGetP99Us: round(percentile(getUs, 99)),
    coldDecodePredictP50Us: round(percentile(predictUs, 50)),
    coldDecodePredictP99Us: round(percentile(predictUs, 99)),
    warmGetP50Us: round(percentile(warmUs, 50)),
    warmGetP99Us: round(percentile(warmUs, 99)),
  };
}

/** Cache-hit cost: ns per awaited `cache.get` of a cached model, and per `peek`. */
export async function measureCacheHit(
  store: ModelStore,
  registry: KindRegistry,
  id: string,
  iterations: number,
): Promise<{ hitNs: number; peekNs: number }> {
  const cache = createModelCache({ store, registry });
  await cache.get(id);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = nowNs();
    for (let i = 0; i < iterations; i++) await cache.get(id);
    rounds.push((nowNs() - t0) / iterations);
  }
  const peeks: number[] = [];
  let sink = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = nowNs();
    for (let i = 0; i < iterations; i++) sink += cache.peek(id) === undefined ? 0 : 1;
    peeks.push((nowNs() - t0) / iterations);
  }
  cache.close();
  if (sink < 0) throw new Error('unreachable');
  return { hitNs: round(percentile(rounds, 50)), peekNs: round(percentile(peeks, 50)) };
}
