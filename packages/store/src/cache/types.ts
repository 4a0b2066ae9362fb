import type { KindRegistry, Model } from '@myriad/core';
import type { ArtifactMeta, ModelStore } from '../store.js';

/** A model served from the cache: the restored model and its artifact's meta. */
export interface CachedModel {
  readonly model: Model;
  readonly meta: ArtifactMeta;
}

/** Counters for metrics; all monotonic since creation except `bytes` and `entries`. */
export interface CacheStats {
  /** Requests answered from memory (including pinned entries). */
  readonly hits: number;
  /** Requests that had to wait for a load (the first of concurrent ones and those joining it). */
  readonly misses: number;
  /** Store reads started to load a model (one per id however many requests missed at once). */
  readonly loads: number;
  /** Requests answered "absent" from the negative cache. */
  readonly negativeHits: number;
  /** Loads that found no model. */
  readonly notFound: number;
  /** Entries dropped to stay within `maxBytes`. */
  readonly evictions: number;
  /**
   * Loaded models served but not cached: the cache was full and the model was
   * requested no more often lately than the entry it would have evicted.
   */
  readonly rejected: number;
  /** Revalidations that found a newer version and replaced an entry. */
  readonly refreshes: number;
  /** Current footprint of cached entries, bytes (never above `maxBytes`). */
  readonly bytes: number;
  /** Current number of cached models. */
  readonly entries: number;
  /** Total time spent in loads (store read + decode + restore), ms. */
  readonly loadMsTotal: number;
  /** Slowest load so far, ms. */
  readonly loadMsMax: number;
}

/** Options for {@link createModelCache}. */
export interface ModelCacheOptions {
  /** Where artifacts are read from. */
  store: ModelStore;
  /** Kinds the artifacts may name; restores each model. */
  registry: KindRegistry;
  /** Byte budget for cached models (each counted as `model.byteSize` + a fixed overhead). Default: 256 MiB. */
  maxBytes?: number;
  /**
   * Freshness bound, ms: a hit on an entry checked longer ago than this first
   * re-reads the latest version's meta (one `stat`, shared by concurrent
   * requests) and reloads if it changed, so a new version is served by every
   * request that starts more than `refreshMs` after it was written.
   * Stores with `watch` (Redis) invalidate at once as well. Default: 5,000.
   */
  refreshMs?: number;
  /** How long an absent model is remembered as absent, ms. 0 disables. Default: 1,000. */
  negativeTtlMs?: number;
  /** Clock, ms; for tests. Default: `performance.now` based. */
  now?: () => number;
}

/**
 * An in-process LRU of restored models, bounded in bytes, in front of a
 * {@link ModelStore}. Loads are single-flighted per model id. Once full, a
 * newly loaded model replaces the least recently used one only if it was
 * requested more often lately (TinyLFU admission; see `CacheStats.rejected`).
 */
export interface ModelCache {
  /**
   * The latest model for `modelId`, from memory or loaded from the store.
   * @throws StoreError `NOT_FOUND` when absent (remembered for `negativeTtlMs`),
   *   `INVALID_MODEL_ID`, `CORRUPT_ARTIFACT`, `STORE_UNAVAILABLE`/`STORE_IO`;
   *   MyriadError `UNKNOWN_KIND`/`INVALID_PARAMS` from restoring.
   */
  get(modelId: string): Promise<CachedModel>;
  /** The cached entry if present and fresh, without loading or counting. */
  peek(modelId: string): CachedModel | undefined;
  /**
   * The synchronous fast path of {@link get}: a fresh cached entry, counted as
   * a hit and marked recently used; undefined (nothing counted, nothing
   * loaded) when absent or due for its freshness check — then call `get`.
   */
  getCached(modelId: string): CachedModel | undefined;
  /**
   * Loads (if needed) and pins a model: it is never evicted and its bytes
   * still count toward `maxBytes` (pinning more than the budget throws
   * StoreError `INVALID_OPTIONS`).
   */
  pin(modelId: string): Promise<CachedModel>;
  /** Unpins; the entry stays cached and becomes evictable. */
  unpin(modelId: string): void;
  /** Drops one model (or everything when no id is given) from memory and the negative cache. */
  invalidate(modelId?: string): void;
  /** Current counters. */
  stats(): CacheStats;
  /** Stops watching the store. Does not close the store. */
  close(): void;
}
