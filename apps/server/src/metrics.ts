import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Counters a model cache reports; read at scrape time. */
export interface CacheStatsSnapshot {
  hits: number;
  misses: number;
  evictions: number;
  /** Loaded models not cached: requested less often than the entry they would evict. */
  rejected?: number;
  /** Bytes the cached models retain. */
  bytes: number;
  /** Models in the cache. */
  entries: number;
  /** Models loaded from the store (misses that completed). */
  loads?: number;
}

/** The server's Prometheus metrics, on a registry of their own (not the global one). */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Request latency in seconds by route pattern, method and status. */
  readonly requestSeconds: Histogram<'route' | 'method' | 'status'>;
  /** Error responses by error code. */
  readonly errors: Counter<'code'>;
  /** Store read latency in seconds by operation and outcome. */
  readonly storeSeconds: Histogram<'op' | 'outcome'>;
  /** Model predictions computed (a batch of 100 counts 100). */
  readonly predictions: Counter<'route'>;
}

/**
 * Creates the metrics. `cacheStats` is read at each scrape and exposed as
 * `myriad_cache_*` gauges (hits/misses/evictions/rejected/loads are monotonic).
 */
export function createServerMetrics(cacheStats?: () => CacheStatsSnapshot): ServerMetrics {
  const registry = new Registry();
  const requestSeconds = new Histogram({
    name: 'myriad_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'myriad_http_errors_total',
    help: 'Error responses by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const storeSeconds = new Histogram({
    name: 'myriad_store_duration_seconds',
    help: 'Store read latency (model loads on cache miss, metadata reads, health checks)',
    labelNames: ['op', 'outcome'] as const,
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 0.5, 2],
    registers: [registry],
  });
  const predictions = new Counter({
    name: 'myriad_predictions_total',
    help: 'Model predictions computed',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  if (cacheStats !== undefined) {
    const fields: Array<[keyof CacheStatsSnapshot, string]> = [
      ['hits', 'Model cache hits'],
      ['misses', 'Model cache misses'],
      ['evictions', 'Models evicted from the cache'],
      [
        'rejected',
        'Loaded models not cached: requested no more often than the model they would evict',
      ],
      ['bytes', 'Bytes retained by cached models'],
      ['entries', 'Models in the cache'],
      ['loads', 'Models loaded from the store'],
    ];
    for (const [field, help] of fields) {
      new Gauge({
        name: `myriad_cache_${field}`,
        help,
        registers: [registry],
        collect() {
          this.set(cacheStats()[field] ?? 0);
        },
      });
    }
  }
  return { registry, requestSeconds, errors, storeSeconds, predictions };
}
