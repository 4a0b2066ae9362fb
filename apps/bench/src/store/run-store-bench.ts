import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RESOLUTIONS, type KindRegistry, type Model } from '@myriad/core';
import { createFsStore, createRedisStore, type RedisServer, startRedisServer } from '@myriad/store';
import {
  benchModelId,
  fillStore,
  measureCacheHit,
  measureStore,
  type StoreLatency,
} from './latency.js';
import { nowNs, round } from './measure.js';
import { fitBenchModel, type KindSize, measureKindSize } from './sizes.js';

/** Options for {@link runStoreBench}. */
export interface StoreBenchOptions {
  /** Kinds to measure. */
  readonly registry: KindRegistry;
  /** Kind names to size; default every registered kind. */
  readonly kinds?: readonly string[];
  /** Resolutions to size; default `DEFAULT_RESOLUTIONS` (1m, 15m, 1h). */
  readonly resolutions?: readonly string[];
  /** The default ensemble's kind (every resolution). Default `seasonal` if registered, else the first kind. */
  readonly ensembleKind?: string;
  /** Models written to each store for the cold reads. Default 100,000. */
  readonly models?: number;
  /** Reads measured per latency figure. Default 5,000. */
  readonly samples?: number;
  /** Days of synthetic history each model is fitted on. Default 28. */
  readonly historyDays?: number;
  /** Redis to use (a unique key prefix is used, and left behind). Default: a private redis-server. */
  readonly redisUrl?: string;
  /** Skip the Redis figures. Default false. */
  readonly skipRedis?: boolean;
  /** Progress: stage name, done, total. */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

/** What `myriad bench store` prints (the last line with `--json`). */
export interface StoreBenchResult {
  /** Average artifact bytes over the default ensemble's members. Target ≤ 2,048. */
  readonly bytesPerModel: number;
  /** Average naive-JSON bytes ÷ average artifact bytes over the ensemble. Target ≥ 8. */
  readonly ratioVsJson: number;
  /** fs store: get + restore + first predict of a random model of `models`, p99 µs. Target ≤ 300. */
  readonly coldDecodePredictP99Us: number;
  /** Redis store: get (incl. decode) of a random model, p99 µs. */
  readonly redisGetP99Us: number | null;
  /** Awaited `ModelCache.get` of a cached model, ns. Target ≤ 2,000. */
  readonly cacheHitNs: number;
  readonly ensemble: {
    readonly kind: string;
    readonly resolutions: readonly string[];
    readonly jsonBytesPerModel: number;
  };
  readonly kinds: readonly KindSize[];
  readonly fs: StoreLatency;
  readonly redis: StoreLatency | null;
  readonly cache: { readonly hitNs: number; readonly peekNs: number };
  /** Failed fits (kind, resolution, message): a kind that needs more history, say. */
  readonly failures: readonly { kind: string; resolution: string; error: string }[];
  readonly targets: Readonly<Record<string, boolean>>;
  /** 1-minute load average at the start and the end (latency tails grow with it), and CPUs. */
  readonly load: { readonly start: number; readonly end: number; readonly cpus: number };
}

/**
 * Sizes every kind at every resolution, then fills an fs store and a Redis
 * store with `models` artifacts (the default ensemble's members re-encoded
 * under many ids) and measures cold and warm reads and cache hits.
 */
export async function runStoreBench(options: StoreBenchOptions): Promise<StoreBenchResult> {
  const { registry } = options;
  const kinds = options.kinds ?? registry.names();
  const resolutions = options.resolutions ?? DEFAULT_RESOLUTIONS;
  const ensembleKind = options.ensembleKind ?? (registry.has('seasonal') ? 'seasonal' : kinds[0]);
  if (ensembleKind === undefined) throw new Error('no model kinds registered');
  const modelCount = options.models ?? 100_000;
  const samples = options.samples ?? 5000;
  const days = options.historyDays ?? 28;
  const progress = options.onProgress ?? (() => {});
  const loadStart = loadavg()[0] ?? 0;

  const sizes: KindSize[] = [];
  const failures: { kind: string; resolution: string; error: string }[] = [];
  const fitted = new Map<string, Model>();
  const total = kinds.length * resolutions.length;
  for (const kind of kinds) {
    for (const resolution of resolutions) {
      progress('fit+size', sizes.length + failures.length, total);
      try {
        const model = fitBenchModel(registry, kind, resolution, days);
        fitted.set(`${kind}@${resolution}`, model);
        sizes.push(measureKindSize(model, resolution, benchModelId(0, resolution)));
      } catch (err) {
        failures.push({
          kind,
          resolution,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }
  const members = resolutions.flatMap((resolution) => {
    const model = fitted.get(`${ensembleKind}@${resolution}`);
    return model === undefined ? [] : [{ resolution, params: model.params() }];
  });
  if (members.length === 0)
    throw new Error(`the ensemble kind ${ensembleKind} fitted at no resolution`);
  const ensembleSizes = sizes.filter((s) => s.kind === ensembleKind);
  const bytesPerModel =
    ensembleSizes.reduce((a, s) => a + s.artifactBytes, 0) / ensembleSizes.length;
  const jsonPerModel = ensembleSizes.reduce((a, s) => a + s.jsonBytes, 0) / ensembleSizes.length;

  const dir = await mkdtemp(join(tmpdir(), 'myriad-bench-store-'));
  let server: RedisServer | undefined;
  try {
    const fsStore = await createFsStore(dir, { fsync: false });
    let t0 = nowNs();
    const fsIds = await fillStore(fsStore, members, modelCount, (done) =>
      progress('fs write', done, modelCount),
    );
    const fsLatency = await measureStore(fsStore, registry, fsIds, samples, (nowNs() - t0) / 1e9);
    progress('cache', 0, 1);
    const cache = await measureCacheHit(fsStore, registry, fsIds[0] as string, 200_000);
    await fsStore.close();

    let redisLatency: StoreLatency | null = null;
    if (options.skipRedis !== true) {
      let url = options.redisUrl;
      if (url === undefined) {
        server = await startRedisServer();
        url = server.url;
      }
      const redisStore = await createRedisStore(url, {
        keyPrefix: `bench-${process.pid}-${Date.now()}:`,
        notify: false,
      });
      t0 = nowNs();
      const redisIds = await fillStore(redisStore, members, modelCount, (done) =>
        progress('redis write', done, modelCount),
      );
      redisLatency = await measureStore(
        redisStore,
        registry,
        redisIds,
        samples,
        (nowNs() - t0) / 1e9,
      );
      await redisStore.close();
    }

    const ratioVsJson = jsonPerModel / bytesPerModel;
    return {
      bytesPerModel: round(bytesPerModel, 0),
      ratioVsJson: round(ratioVsJson, 2),
      coldDecodePredictP99Us: fsLatency.coldDecodePredictP99Us,
      redisGetP99Us: redisLatency?.coldGetP99Us ?? null,
      cacheHitNs: cache.hitNs,
      ensemble: {
        kind: ensembleKind,
        resolutions: members.map((m) => m.resolution),
        jsonBytesPerModel: round(jsonPerModel, 0),
      },
      kinds: sizes,
      fs: fsLatency,
      redis: redisLatency,
      cache,
      failures,
      load: {
        start: round(loadStart, 2),
        end: round(loadavg()[0] ?? 0, 2),
        cpus: availableParallelism(),
      },
      targets: {
        bytesPerModelAtMost2KB: bytesPerModel <= 2048,
        ratioVsJsonAtLeast8: ratioVsJson >= 8,
        coldDecodePredictP99AtMost300Us: fsLatency.coldDecodePredictP99Us <= 300,
        cacheHitAtMost2000Ns: cache.hitNs <= 2000,
      },
    };
  } finally {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
