import type { SourceSpec } from '../spec.js';
import { createCsvSource } from './csv/index.js';
import type { DataSource } from './source.js';
import { createSyntheticSource } from './synthetic/index.js';

/**
 * Opens the data source a spec names. `alignToLatest` (runs without an explicit
 * `to`) moves a csv file's window to end at its last point.
 */
export function openSource(spec: SourceSpec, alignToLatest = false): DataSource {
  switch (spec.type) {
    case 'synthetic':
      return createSyntheticSource({
        seed: spec.seed,
        incidents: spec.incidents,
        ...(spec.fleet === undefined ? {} : { fleet: spec.fleet }),
      });
    case 'csv':
      return createCsvSource({ dir: spec.dir, alignToLatest });
  }
}

/** A memo of {@link openSource} keyed by the spec, for workers that see the same source in many shards. */
export function createSourceCache(
  max = 16,
): (spec: SourceSpec, alignToLatest: boolean) => DataSource {
  const cache = new Map<string, DataSource>();
  return (spec, alignToLatest) => {
    const key = `${alignToLatest ? 1 : 0}${JSON.stringify(spec)}`;
    let source = cache.get(key);
    if (source === undefined) {
      source = openSource(spec, alignToLatest);
      if (cache.size >= max) {
        const oldest = cache.keys().next().value as string;
        void cache.get(oldest)?.close?.();
        cache.delete(oldest);
      }
      cache.set(key, source);
    }
    return source;
  };
}
