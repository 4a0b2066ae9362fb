import type { Model } from '@myriad/core';
import { isStoreError, type ModelCache, type ModelStore } from '@myriad/store';
import type { ModelMetadata, ModelSource } from './deps.js';
import { ApiError } from './errors.js';
import type { CacheStatsSnapshot } from './metrics.js';

/** A valid model id no one stores: `stat` on it is the cheapest store round trip. */
const PING_MODEL_ID = 'myriad-readyz-probe@1m';

/**
 * The server's {@link ModelSource} over a store's {@link ModelCache}. A fresh
 * hit is answered synchronously (so the warm path arms no store deadline);
 * anything else goes through `get`, which single-flights loads and
 * revalidates stale entries. A store `NOT_FOUND` becomes 404 `MODEL_NOT_FOUND`.
 */
export function createCacheModelSource(cache: ModelCache, store: ModelStore): ModelSource {
  const notFound = (modelId: string) =>
    new ApiError('MODEL_NOT_FOUND', `no model ${JSON.stringify(modelId)} in the store`);

  async function load(modelId: string): Promise<Model> {
    try {
      return (await cache.get(modelId)).model;
    } catch (err) {
      if (isStoreError(err, 'NOT_FOUND')) throw notFound(modelId);
      throw err;
    }
  }

  return {
    get(modelId) {
      return cache.getCached(modelId)?.model ?? load(modelId);
    },
    cached(modelId) {
      return cache.getCached(modelId)?.model;
    },
    async metadata(modelId): Promise<ModelMetadata> {
      const meta = cache.peek(modelId)?.meta ?? (await store.stat(modelId));
      if (meta === undefined) throw notFound(modelId);
      return {
        modelId: meta.modelId,
        kind: meta.kind,
        version: meta.version,
        trainedFromSeconds: meta.info.fromSeconds,
        trainedToSeconds: meta.info.toSeconds,
        stepSeconds: meta.info.stepSeconds,
        trainedPoints: meta.info.count,
        artifactBytes: meta.bytes,
        createdAtSeconds: meta.createdAtMs / 1000,
      };
    },
    async ping() {
      await store.stat(PING_MODEL_ID);
    },
    stats(): CacheStatsSnapshot {
      const s = cache.stats();
      return {
        hits: s.hits,
        misses: s.misses,
        evictions: s.evictions,
        rejected: s.rejected,
        bytes: s.bytes,
        entries: s.entries,
        loads: s.loads,
      };
    },
  };
}
