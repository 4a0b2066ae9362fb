// Test fixtures: a real store with models fitted by core's kinds on the
// trainer's synthetic data. Excluded from the build (tsconfig.build.json).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultRegistry, fitEnsembleModels, type KindRegistry } from '@myriad/core';
import { createModelCache, type ModelStore, openStore } from '@myriad/store';
import { syntheticSeries } from '@myriad/trainer';
import { pino } from 'pino';
import { createApp } from '../app.js';
import type { AppDeps } from '../deps.js';
import { createCacheModelSource } from '../model-source.js';

/** End of the training window used by fixtures (a Monday 00:00 UTC). */
export const TRAINED_TO = 1_700_438_400;

/** Series the fixtures fit (1m, 15m, 1h each). */
export const SERIES = ['us-east-1/host-00001/page_load_ms', 'eu-west-1/host-00002/cpu'] as const;

/** A silent logger. */
export const quietLogger = pino({ level: 'silent' });

let registry: KindRegistry | undefined;
/** Core's default kinds, built once. */
export function kinds(): KindRegistry {
  registry ??= createDefaultRegistry();
  return registry;
}

/** Fits every fixture series at 1m/15m/1h on 7 days of synthetic data and stores the models. */
export async function fillStore(
  store: ModelStore,
  series: readonly string[] = SERIES,
): Promise<string[]> {
  const ids: string[] = [];
  for (const seriesId of series) {
    const history = syntheticSeries(seriesId, TRAINED_TO - 7 * 86_400, TRAINED_TO, {
      incidents: false,
    });
    const fit = fitEnsembleModels(history, { registry: kinds() });
    for (const member of fit.members) {
      if (!member.ok) throw member.error;
      const modelId = `${seriesId}@${member.resolution.text}`;
      await store.put({ modelId, params: member.model.params() });
      ids.push(modelId);
    }
  }
  return ids;
}

/** Opens the store at `location`, fills it with the fixture models and closes it. */
export async function seedStore(
  location: string,
  series: readonly string[] = SERIES,
): Promise<string[]> {
  const store = await openStore(location);
  try {
    return await fillStore(store, series);
  } finally {
    await store.close();
  }
}

/** `count` one-minute datapoints right after training, optionally with a spike at the end. */
export function datapoints(count = 60, options: { spike?: boolean; seriesId?: string } = {}) {
  const seriesId = options.seriesId ?? SERIES[0];
  const s = syntheticSeries(seriesId, TRAINED_TO, TRAINED_TO + count * 60, { incidents: false });
  const out: Array<{ timestamp: number; value: number | null }> = [];
  for (let i = 0; i < s.timestamps.length; i++) {
    out.push({ timestamp: s.timestamps[i] as number, value: s.values[i] as number });
  }
  if (options.spike === true && out.length > 0) {
    const last = out[out.length - 1] as { value: number };
    last.value = last.value * 10 + 1000;
  }
  return out;
}

/** A temporary fs store directory, removed by `cleanup`. */
export function tempStoreDir(): { location: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-server-test-'));
  return {
    location: `fs:${join(dir, 'models')}`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An app over a real store and cache, for `app.request()` tests. */
export async function createTestApp(
  location: string,
  overrides: Partial<AppDeps> = {},
): Promise<{ app: ReturnType<typeof createApp>; store: ModelStore; close: () => Promise<void> }> {
  const store = await openStore(location);
  const cache = createModelCache({ store, registry: kinds(), maxBytes: 64 * 1024 * 1024 });
  const app = createApp({
    models: createCacheModelSource(cache, store),
    logger: quietLogger,
    auth: { required: false, keys: [] },
    ...overrides,
  });
  return {
    app,
    store,
    close: async () => {
      cache.close();
      await store.close();
    },
  };
}

/** JSON POST init for `app.request`. */
export function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
