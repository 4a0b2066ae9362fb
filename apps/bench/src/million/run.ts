import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { formatModelId } from '@myriad/core';
import { serveCluster } from '@myriad/server';
import { startRedisServer } from '@myriad/store';
import {
  createFleetIndex,
  createTrainerClient,
  type FleetSpec,
  startWorkerPool,
} from '@myriad/trainer';
import { buildRequest, type LoadResult, runLoad } from '../serve/load.js';
import { combineRounds } from '../serve/measure.js';
import { childPids, commandName, directorySize, rssBytes } from './processes.js';

/** Options for {@link runMillionBench}; every field has a default sized for the million-model run. */
export interface MillionBenchOptions {
  /** Regions × hosts per region × metrics × 3 resolutions = models. Defaults 10 × 8,400 × 4 (1,008,000 models). */
  regions?: number;
  hostsPerRegion?: number;
  metrics?: number;
  /** Training worker processes. Default: one per core. */
  workers?: number;
  /** Server processes. Default: one per core. */
  serverWorkers?: number;
  /** The whole server's model cache budget, split evenly over its processes. Default 256 MiB. */
  cacheBytes?: number;
  /** How long to serve uniform-random requests, seconds. Default 60. */
  serveSeconds?: number;
  /** Open connections of the load generator. Default 32. */
  connections?: number;
  /** Datapoints per request, at the model's own resolution. Default 10. */
  points?: number;
  /** Work folder (store and Redis data); emptied first. Default `./.myriad/bench-million`. */
  dir?: string;
  /** Use this Redis instead of a private redis-server. */
  redisUrl?: string;
  /**
   * Serve the store a previous run kept in `dir` instead of training again;
   * its training figures are read from `dir/training.json`, and the fleet
   * options must match it. Default false (empty `dir`, then train).
   */
  reuse?: boolean;
  /** Progress lines for a terminal. */
  onProgress?: (message: string) => void;
  /** Models written so far, for a progress bar. */
  onTrainProgress?: (done: number, total: number) => void;
}

/** What `myriad bench million` reports. */
export interface MillionBenchResult {
  models: number;
  /** True when the store and training figures came from an earlier run (`reuse`). */
  reusedStore: boolean;
  modelsFailed: number;
  trainSeconds: number;
  modelsPerSecond: number;
  storeBytes: number;
  storeFiles: number;
  /** Bytes allocated on disk (filesystem blocks): what the store really costs on this filesystem. */
  storeDiskBytes: number;
  bytesPerModel: number;
  serverProcesses: number;
  /** Sum of the server processes' RSS at the end of the serving phase. */
  serverRssBytes: number;
  serverRssBytesPerProcess: number[];
  cacheBytes: number;
  cacheHitRatio: number;
  requests: number;
  errors: number;
  /** Throughput of the closed loop (all connections busy). */
  reqPerSec: number;
  /**
   * Latency at half of `reqPerSec`, fixed rate (a request that waits for a busy
   * connection counts from its scheduled time; see LoadOptions.ratePerSecond):
   * the median over three rounds of `serveSeconds / 6` each.
   */
  p50Ms: number;
  p99Ms: number;
  /** Each half-rate round's figures, in order. */
  halfRateRounds: Array<{ reqPerSec: number; p50Ms: number; p99Ms: number; maxMs: number }>;
  /** Seconds `sync` took to write the freshly trained store out before serving. */
  syncSeconds: number;
  /** Seconds the walk that sizes the store took, reading every artifact once (page cache warm-up). */
  warmSeconds: number;
  /** Latency of the saturated closed loop (queueing: ≈ connections ÷ rate). */
  saturatedP50Ms: number;
  saturatedP99Ms: number;
  serveSeconds: number;
  /** The work folder; the caller removes it (a million files take a while). */
  dir: string;
}

const METRIC_NAMES = [
  'cpu_pct',
  'page_load_ms',
  'mem_used_pct',
  'net_rx_bytes',
  'disk_io_ms',
  'error_rate',
];
const RESOLUTIONS = ['1m', '15m', '1h'] as const;
const RESOLUTION_SECONDS = [60, 900, 3600] as const;
/** A fixed end of training keeps every run of the benchmark identical. */
const TRAINED_TO = 1_764_000_000;

/**
 * Trains ≥ 1,000,000 models through the real queue into an fs store with one
 * worker process per core, then serves uniform-random predictions over all of
 * them from a server with a bounded cache, and measures both.
 */
export async function runMillionBench(
  options: MillionBenchOptions = {},
): Promise<MillionBenchResult> {
  const progress = options.onProgress ?? (() => {});
  const regions = Array.from({ length: options.regions ?? 10 }, (_, i) => `region-${i}`);
  const metrics = METRIC_NAMES.slice(0, options.metrics ?? 4);
  if (metrics.length === 0) throw new Error('metrics must be from 1 to 6');
  const fleet: FleetSpec = { regions, hostsPerRegion: options.hostsPerRegion ?? 8400, metrics };
  const index = createFleetIndex(fleet);
  const totalModels = index.size * RESOLUTIONS.length;
  const dir = resolve(options.dir ?? join('.myriad', 'bench-million'));
  const storeDir = join(dir, 'models');
  const store = `fs:${storeDir}`;
  const recordPath = join(dir, 'training.json');
  const reuse = options.reuse === true;
  if (!reuse) rmSync(dir, { recursive: true, force: true });
  const cleanups: Array<() => Promise<void>> = [];

  try {
    let training: TrainingRecord;
    if (reuse) {
      training = readTrainingRecord(recordPath, fleet);
      progress(
        `serving the kept store in ${dir}: ${training.models} models, trained in ${training.trainSeconds.toFixed(0)} s`,
      );
    } else {
      training = await train(fleet, totalModels, store, dir, options, progress, cleanups);
      writeFileSync(recordPath, `${JSON.stringify(training)}\n`);
    }
    const { trainSeconds } = training;

    // Training leaves gigabytes of dirty pages; serving is measured after they are on disk.
    const syncStarted = performance.now();
    await promisify(execFile)('sync');
    const syncSeconds = (performance.now() - syncStarted) / 1000;
    progress(`store written out to disk (sync: ${syncSeconds.toFixed(1)} s)`);
    // Serving is measured from the page cache, as it is right after training: a
    // kept store may have been evicted since, and a read from this machine's
    // disk stalls a worker for up to a second (measured with the cache dropped).
    // The walk that sizes the store reads every artifact once on the way.
    const warmStarted = performance.now();
    const size = directorySize(storeDir, { readContents: true });
    const warmSeconds = (performance.now() - warmStarted) / 1000;
    progress(
      `store: ${size.files} files, ${(size.bytes / 2 ** 20).toFixed(0)} MiB, read into the page cache in ${warmSeconds.toFixed(1)} s`,
    );

    // Serving.
    const serverWorkers = options.serverWorkers ?? availableParallelism();
    const cacheBytes = options.cacheBytes ?? 256 * 2 ** 20;
    const cluster = await serveCluster({
      workers: serverWorkers,
      store,
      host: '127.0.0.1',
      port: 0,
      cacheBytes: Math.floor(cacheBytes / serverWorkers),
      auth: 'off',
      apiKeys: [],
      logLevel: 'warn',
      logRequests: false,
      benchRoutes: false,
    });
    cleanups.push(() => cluster.close());
    const url = new URL(cluster.url);
    const pointsPerRequest = options.points ?? 10;
    const bodies = RESOLUTION_SECONDS.map((step) =>
      JSON.stringify(
        Array.from({ length: pointsPerRequest }, (_, i) => ({
          timestamp: TRAINED_TO + (i + 1) * step,
          value: 100 + (i % 3),
        })),
      ),
    );
    let phaseOffset = 0;
    // Uniform over every model, drawn independently per request (so repeats happen as
    // they would by chance): murmur3's finaliser of the request index picks it.
    const request = (i: number) => {
      const k = Math.floor((fmix32(i + phaseOffset) / 4294967296) * totalModels);
      const r = k % RESOLUTIONS.length;
      const modelId = formatModelId(
        index.seriesAt(Math.floor(k / RESOLUTIONS.length)),
        RESOLUTIONS[r] as string,
      );
      return buildRequest(
        'POST',
        '/predict',
        Buffer.from(`{"model_id":"${modelId}","datapoints":${bodies[r]}}`),
      );
    };
    const serveSeconds = options.serveSeconds ?? 60;
    progress(
      `serving uniform-random predictions over all ${totalModels} models for ${serveSeconds} s (${serverWorkers} server processes, ${Math.round(cacheBytes / 2 ** 20)} MiB cache in all)`,
    );
    const load = await runLoad({
      host: url.hostname,
      port: Number(url.port),
      request,
      connections: options.connections ?? 32,
      durationMs: serveSeconds * 1000,
    });
    // Latency is judged below saturation, as the serve benchmark does: the same
    // uniform requests at half the rate just measured (a closed loop's latency
    // is only its connection count divided by its rate).
    progress(
      `latency at half that rate (${Math.round(load.reqPerSec / 2)} req/s): 3 rounds of ${Math.round(serveSeconds / 6)} s`,
    );
    const rounds: LoadResult[] = [];
    for (let round = 0; round < 3; round++) {
      phaseOffset = 0x40000000 + round * 0x10000000;
      rounds.push(
        await runLoad({
          host: url.hostname,
          port: Number(url.port),
          request,
          connections: options.connections ?? 32,
          durationMs: (serveSeconds / 6) * 1000,
          ratePerSecond: load.reqPerSec / 2,
        }),
      );
    }
    const half = combineRounds(rounds);
    const serverPids = childPids(process.pid).filter(
      (pid) => !commandName(pid).startsWith('redis'),
    );
    const perProcess = serverPids.map(rssBytes);
    const cache = await cacheCounters(cluster.url);
    return {
      models: training.models,
      reusedStore: reuse,
      modelsFailed: training.modelsFailed,
      trainSeconds,
      modelsPerSecond: training.models / trainSeconds,
      storeBytes: size.bytes,
      storeFiles: size.files,
      storeDiskBytes: size.diskBytes,
      bytesPerModel: size.bytes / Math.max(1, training.models),
      serverProcesses: serverPids.length,
      serverRssBytes: perProcess.reduce((a, b) => a + b, 0),
      serverRssBytesPerProcess: perProcess,
      cacheBytes,
      cacheHitRatio: cache.hits / Math.max(1, cache.hits + cache.misses),
      requests: load.requests + half.requests,
      errors: load.errors + half.errors,
      reqPerSec: load.reqPerSec,
      p50Ms: half.p50Ms,
      p99Ms: half.p99Ms,
      halfRateRounds: rounds.map((r) => ({
        reqPerSec: r.reqPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        maxMs: r.maxMs,
      })),
      syncSeconds,
      warmSeconds,
      saturatedP50Ms: load.p50Ms,
      saturatedP99Ms: load.p99Ms,
      serveSeconds: load.seconds,
      dir,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

async function cacheCounters(baseUrl: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name: string) => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
    return match === null ? 0 : Number(match[1]);
  };
  return { hits: read('myriad_cache_hits'), misses: read('myriad_cache_misses') };
}

/** murmur3's 32-bit finaliser: a well-mixed unsigned 32-bit hash of `x`. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** What a training run leaves in `dir/training.json`, so `reuse` can serve its store again. */
interface TrainingRecord {
  fleet: FleetSpec;
  models: number;
  modelsFailed: number;
  trainSeconds: number;
}

/** Trains the fleet through a private (or the given) Redis and a worker pool. */
async function train(
  fleet: FleetSpec,
  totalModels: number,
  store: string,
  dir: string,
  options: MillionBenchOptions,
  progress: (message: string) => void,
  cleanups: Array<() => Promise<void>>,
): Promise<TrainingRecord> {
  let redisUrl = options.redisUrl;
  if (redisUrl === undefined) {
    const redis = await startRedisServer({ dir: join(dir, 'redis') });
    cleanups.push(() => redis.stop());
    redisUrl = redis.url;
  }
  const workers = options.workers ?? availableParallelism();
  const pool = await startWorkerPool({ processes: workers, worker: { connection: redisUrl } });
  let poolOpen = true;
  cleanups.push(async () => {
    if (poolOpen) await pool.close();
  });
  const trainer = createTrainerClient({ connection: redisUrl });
  cleanups.push(() => trainer.close());
  progress(
    `training ${totalModels / RESOLUTIONS.length} series × 3 resolutions = ${totalModels} models with ${workers} worker process(es) into ${store}`,
  );
  const started = performance.now();
  const { runId } = await trainer.enqueueRun({
    name: 'bench-million',
    fleet,
    history: '7d',
    to: TRAINED_TO,
    store,
  });
  const status = await trainer.waitForRun(runId, {
    intervalMs: 1000,
    onProgress: (s) => options.onTrainProgress?.(s.modelsWritten, totalModels),
  });
  const trainSeconds = (performance.now() - started) / 1000;
  if (status.state !== 'completed') throw new Error(`training run ${runId} ended ${status.state}`);
  await pool.close();
  poolOpen = false;
  progress(`trained ${status.modelsWritten} models in ${trainSeconds.toFixed(0)} s`);
  return {
    fleet,
    models: status.modelsWritten,
    modelsFailed: status.seriesFailed * RESOLUTIONS.length,
    trainSeconds,
  };
}

/**
 * The training record a kept run left, checked against the fleet asked for.
 * @throws Error when there is none, it is unreadable, or it is another fleet's.
 */
function readTrainingRecord(path: string, fleet: FleetSpec): TrainingRecord {
  if (!existsSync(path))
    throw new Error(`no kept store to reuse: ${path} is missing (run once with --keep first)`);
  let record: TrainingRecord;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as TrainingRecord;
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (
    typeof record?.models !== 'number' ||
    typeof record.trainSeconds !== 'number' ||
    typeof record.modelsFailed !== 'number'
  )
    throw new Error(`${path} is not a training record`);
  if (JSON.stringify(record.fleet) !== JSON.stringify(fleet))
    throw new Error(
      `the kept store in ${path} is for another fleet (${JSON.stringify(record.fleet)}), not ${JSON.stringify(fleet)}`,
    );
  return record;
}
