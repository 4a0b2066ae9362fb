import type { KindRegistry } from '@myriad/core';
import { StoreError } from '../errors.js';
import type { ArtifactMeta, ModelStore } from '../store.js';
import { checkModelId } from '../validate.js';
import { FrequencySketch } from './frequency-sketch.js';
import type { CachedModel, CacheStats, ModelCache, ModelCacheOptions } from './types.js';

/**
 * Bytes charged per entry on top of `model.byteSize`: the entry, meta and
 * map slots (measured roughly with heap snapshots; ids are added per char).
 */
const ENTRY_OVERHEAD_BYTES = 600;

/**
 * A typical entry's footprint (a seasonal model is 4–6 KB with its overhead),
 * used only to size the admission sketch: `maxBytes / this` entries.
 */
const TYPICAL_ENTRY_BYTES = 4096;

interface Entry extends CachedModel {
  readonly footprint: number;
  /** When the entry was last confirmed to be the latest version (clock ms). */
  checkedAt: number;
}

interface Flight {
  readonly promise: Promise<CachedModel>;
  /** Set by `invalidate`: the result goes to its waiters but is not cached. */
  stale: boolean;
}

function sameVersion(a: ArtifactMeta, b: ArtifactMeta): boolean {
  // createdAtMs too: a model deleted and written again may reuse a version number.
  return a.version === b.version && a.createdAtMs === b.createdAtMs;
}

function notFound(modelId: string): StoreError {
  return new StoreError('NOT_FOUND', `model ${modelId} is not stored`);
}

class LruModelCache implements ModelCache {
  readonly #store: ModelStore;
  readonly #registry: KindRegistry;
  readonly #maxBytes: number;
  readonly #refreshMs: number;
  readonly #negativeTtlMs: number;
  readonly #now: () => number;
  /** Insertion order is recency order: the first entry is the least recently used. */
  readonly #entries = new Map<string, Entry>();
  readonly #loads = new Map<string, Flight>();
  readonly #checks = new Map<string, Promise<CachedModel>>();
  readonly #absent = new Map<string, number>();
  readonly #pinned = new Set<string>();
  readonly #unwatch: (() => void) | undefined;
  readonly #sketch: FrequencySketch;
  #bytes = 0;
  #s = {
    hits: 0,
    misses: 0,
    loads: 0,
    negativeHits: 0,
    notFound: 0,
    evictions: 0,
    rejected: 0,
    refreshes: 0,
    loadMsTotal: 0,
    loadMsMax: 0,
  };

  constructor(options: ModelCacheOptions) {
    this.#store = options.store;
    this.#registry = options.registry;
    this.#maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.#refreshMs = options.refreshMs ?? 5000;
    this.#negativeTtlMs = options.negativeTtlMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
    this.#sketch = new FrequencySketch(this.#maxBytes / TYPICAL_ENTRY_BYTES);
    this.#unwatch = this.#store.watch?.((id) => this.invalidate(id));
  }

  getCached(modelId: string): CachedModel | undefined {
    const entry = this.#entries.get(modelId);
    if (entry === undefined || this.#now() - entry.checkedAt > this.#refreshMs) return undefined;
    this.#sketch.increment(modelId);
    this.#s.hits++;
    this.#entries.delete(modelId);
    this.#entries.set(modelId, entry);
    return entry;
  }

  get(modelId: string): Promise<CachedModel> {
    this.#sketch.increment(modelId);
    const entry = this.#entries.get(modelId);
    if (entry !== undefined) {
      if (this.#now() - entry.checkedAt <= this.#refreshMs) {
        this.#s.hits++;
        this.#entries.delete(modelId);
        this.#entries.set(modelId, entry);
        return Promise.resolve(entry);
      }
      return this.#revalidate(modelId, entry);
    }
    return this.#miss(modelId);
  }

  #miss(modelId: string): Promise<CachedModel> {
    const until = this.#absent.get(modelId);
    if (until !== undefined) {
      if (this.#now() < until) {
        this.#s.negativeHits++;
        return Promise.reject(notFound(modelId));
      }
      this.#absent.delete(modelId);
    }
    this.#s.misses++;
    const flight = this.#loads.get(modelId);
    if (flight !== undefined) return flight.promise;
    try {
      checkModelId(modelId);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#load(modelId);
  }

  #load(modelId: string): Promise<CachedModel> {
    const flight: Flight = { stale: false, promise: undefined as unknown as Promise<CachedModel> };
    (flight as { promise: Promise<CachedModel> }).promise = (async () => {
      const started = this.#now();
      this.#s.loads++;
      try {
        const stored = await this.#store.get(modelId);
        if (stored === undefined) {
          this.#s.notFound++;
          this.#drop(modelId);
          if (this.#negativeTtlMs > 0 && !flight.stale) {
            this.#absent.set(modelId, this.#now() + this.#negativeTtlMs);
          }
          throw notFound(modelId);
        }
        const model = this.#registry.restore(stored.params);
        const entry: Entry = {
          model,
          meta: stored.meta,
          footprint: model.byteSize + ENTRY_OVERHEAD_BYTES + modelId.length * 2,
          checkedAt: this.#now(),
        };
        if (!flight.stale) this.#insert(modelId, entry);
        return entry;
      } finally {
        const ms = this.#now() - started;
        this.#s.loadMsTotal += ms;
        if (ms > this.#s.loadMsMax) this.#s.loadMsMax = ms;
        if (this.#loads.get(modelId) === flight) this.#loads.delete(modelId);
      }
    })();
    this.#loads.set(modelId, flight);
    return flight.promise;
  }

  /** Confirms a stale-by-age entry is still latest (one `stat` shared by concurrent callers). */
  #revalidate(modelId: string, entry: Entry): Promise<CachedModel> {
    const running = this.#checks.get(modelId);
    if (running !== undefined) return running;
    const check = (async (): Promise<CachedModel> => {
      let meta: ArtifactMeta | undefined;
      try {
        meta = await this.#store.stat(modelId);
      } catch {
        // Store trouble: keep serving what we have; look again after refreshMs.
        entry.checkedAt = this.#now();
        this.#s.hits++;
        return entry;
      } finally {
        this.#checks.delete(modelId);
      }
      if (meta !== undefined && sameVersion(meta, entry.meta)) {
        entry.checkedAt = this.#now();
        this.#s.hits++;
        return entry;
      }
      this.#s.refreshes++;
      this.#drop(modelId);
      return this.#miss(modelId);
    })();
    this.#checks.set(modelId, check);
    return check;
  }

  /**
   * Caches a loaded entry if it fits and is admitted. Only `pin` passes
   * `strict`: a pinned model that cannot fit then throws; a `get` of a pinned
   * id (say after `invalidate`) that cannot fit is served uncached instead.
   */
  #insert(modelId: string, entry: Entry, strict = false): void {
    this.#drop(modelId);
    const pinned = this.#pinned.has(modelId);
    if (entry.footprint > this.#maxBytes) {
      if (!pinned || !strict) return; // larger than the whole budget: serve it uncached
      throw new StoreError(
        'INVALID_OPTIONS',
        `model ${modelId} (${entry.footprint} bytes) exceeds the cache budget of ${this.#maxBytes} bytes`,
      );
    }
    if (this.#bytes + entry.footprint > this.#maxBytes) {
      // Full. TinyLFU admission: a model requested no more often lately than the
      // least recently used entry it would evict is served but not cached. Under
      // uniform access over far more models than fit, replacing entries buys no
      // hits and only turns the cache over (every entry a young object the
      // garbage collector must promote and later trace); a model requested
      // repeatedly still gets in on a later request.
      if (!pinned) {
        const victim = this.#firstUnpinned();
        if (
          victim !== undefined &&
          this.#sketch.frequency(modelId) <= this.#sketch.frequency(victim)
        ) {
          this.#s.rejected++;
          return;
        }
      }
      // Evict least recently used unpinned entries until the new one fits.
      for (const [id, old] of this.#entries) {
        if (this.#bytes + entry.footprint <= this.#maxBytes) break;
        if (this.#pinned.has(id)) continue;
        this.#entries.delete(id);
        this.#bytes -= old.footprint;
        this.#s.evictions++;
      }
    }
    if (this.#bytes + entry.footprint > this.#maxBytes) {
      if (!pinned || !strict) return; // everything left is pinned: serve it uncached
      throw new StoreError(
        'INVALID_OPTIONS',
        `pinned models exceed the cache budget of ${this.#maxBytes} bytes`,
      );
    }
    this.#entries.set(modelId, entry);
    this.#bytes += entry.footprint;
  }

  #firstUnpinned(): string | undefined {
    for (const id of this.#entries.keys()) if (!this.#pinned.has(id)) return id;
    return undefined;
  }

  #drop(modelId: string): void {
    const old = this.#entries.get(modelId);
    if (old === undefined) return;
    this.#entries.delete(modelId);
    this.#bytes -= old.footprint;
  }

  peek(modelId: string): CachedModel | undefined {
    const entry = this.#entries.get(modelId);
    if (entry === undefined || this.#now() - entry.checkedAt > this.#refreshMs) return undefined;
    return entry;
  }

  async pin(modelId: string): Promise<CachedModel> {
    checkModelId(modelId);
    const wasPinned = this.#pinned.has(modelId);
    this.#pinned.add(modelId);
    try {
      const got = await this.get(modelId);
      if (!this.#entries.has(modelId)) {
        // Loaded but not admitted (too big, or an invalidation raced it): admit it now.
        this.#insert(modelId, got as Entry, true);
      }
      return got;
    } catch (err) {
      if (!wasPinned) this.#pinned.delete(modelId);
      throw err;
    }
  }

  unpin(modelId: string): void {
    this.#pinned.delete(modelId);
  }

  invalidate(modelId?: string): void {
    if (modelId === undefined) {
      this.#entries.clear();
      this.#bytes = 0;
      this.#absent.clear();
      for (const flight of this.#loads.values()) flight.stale = true;
      this.#loads.clear();
      return;
    }
    this.#drop(modelId);
    this.#absent.delete(modelId);
    const flight = this.#loads.get(modelId);
    if (flight !== undefined) {
      flight.stale = true;
      this.#loads.delete(modelId);
    }
  }

  stats(): CacheStats {
    return { ...this.#s, bytes: this.#bytes, entries: this.#entries.size };
  }

  close(): void {
    this.#unwatch?.();
  }
}

/**
 * Creates a {@link ModelCache} over a store.
 * @throws StoreError `INVALID_OPTIONS` for a non-positive `maxBytes` or negative times.
 */
export function createModelCache(options: ModelCacheOptions): ModelCache {
  if (
    options === null ||
    typeof options !== 'object' ||
    options.store === undefined ||
    options.registry === undefined
  ) {
    throw new StoreError('INVALID_OPTIONS', 'createModelCache needs { store, registry }');
  }
  const check = (name: string, v: number | undefined, min: number) => {
    if (v !== undefined && (!Number.isFinite(v) || v < min)) {
      throw new StoreError('INVALID_OPTIONS', `${name} must be a number ≥ ${min}, got ${v}`);
    }
  };
  check('maxBytes', options.maxBytes, 1);
  check('refreshMs', options.refreshMs, 0);
  check('negativeTtlMs', options.negativeTtlMs, 0);
  return new LruModelCache(options);
}
