import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type RedisServer, startRedisServer } from '@myriad/store';
import {
  createTrainerClient,
  type RunStatus,
  type StageSeconds,
  startWorker,
  startWorkerPool,
  type TrainerWorker,
  type WorkerPool,
} from '@myriad/trainer';

/** Options of {@link runTrainBench}. */
export interface TrainBenchOptions {
  /** Series to train. Default: 10,000. */
  series?: number;
  /** Worker processes. Default: 2. */
  workers?: number;
  /** Shard jobs at once per worker process. Default: 2. */
  perProcess?: number;
  /** Use this Redis instead of starting a private redis-server. */
  redis?: string;
  /** Store location; default: an fs store in a new temp dir (removed afterwards). */
  store?: string;
  /** fsync each artifact (the fs store's default). Default: true. */
  fsync?: boolean;
  /** History window. Default `7d` (10,080 one-minute points per series). */
  history?: string;
  /** Series per shard. Default: 250. */
  shardSize?: number;
  /** Enumerate the run from the source's listing (shards carry ids) instead of fleet ranges. Default: false. */
  listing?: boolean;
  /** Only enqueue (enumerate the run into shard jobs) and measure the producer's heap. Default: false. */
  enqueueOnly?: boolean;
  /** Called with progress now and then. */
  onProgress?: (status: RunStatus) => void;
}

/** The JSON summary of `myriad bench train`. */
export interface TrainBenchResult {
  readonly mode: 'train' | 'enqueue-only';
  /** How the run was cut into shards: fleet index ranges, or ids from the source's listing. */
  readonly enumeration: 'fleet' | 'listing';
  readonly series: number;
  readonly workers: number;
  readonly models: number;
  readonly seriesFailed: number;
  readonly wallSeconds: number;
  readonly modelsPerSecond: number;
  /** Worker time per stage, summed over shards (divide by workers for wall-clock shares). */
  readonly stageSeconds: StageSeconds;
  readonly shards: number;
  /** Producer heap (enqueue-only): start, peak and end, MiB. */
  /**
   * CPU seconds of the worker processes and of the private redis-server
   * (train mode): wall time is unreliable on a shared machine, CPU time less so.
   */
  readonly cpuSeconds?: { workers: number; redis: number };
  /** Models per CPU second (workers + redis); an idle machine with C cores does at most about C× this. */
  readonly modelsPerCpuSecond?: number;
  /** 1, 5 and 15 minute load averages when the run ended. */
  readonly loadAverage?: number[];
  /** Producer heap after a forced GC (enqueue-only), MiB: at start, the highest sample, at the end. */
  readonly heapMiB?: { start: number; peak: number; end: number; samples: number };
  readonly rssPeakMiB?: number;
  readonly store: string;
  readonly fsync: boolean;
}

const REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-1',
  'ap-northeast-1',
  'ap-south-1',
  'sa-east-1',
  'ca-central-1',
  'af-south-1',
];

/** A fleet of exactly `series` series: 10 regions when it divides evenly, else one. */
function fleetOf(series: number) {
  const regions = series % 10 === 0 ? REGIONS : REGIONS.slice(0, 1);
  return { regions, hostsPerRegion: series / regions.length, metrics: ['page_load_ms'] };
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/**
 * Trains `series` synthetic series (default three-resolution ensemble, 7 days
 * of one-minute history) with `workers` worker processes against a private
 * redis-server and a temp fs store, and measures models/s from enqueue to the
 * last stored artifact. With `enqueueOnly`, enumerates the run into shard jobs
 * in this process (no training) and samples the heap.
 */
export async function runTrainBench(options: TrainBenchOptions = {}): Promise<TrainBenchResult> {
  const series = options.series ?? 10_000;
  const workers = options.workers ?? 2;
  const fsync = options.fsync ?? true;
  const prefix = `bench-${process.pid}-${Date.now().toString(36)}`;
  let redisServer: RedisServer | undefined;
  let tempDir: string | undefined;
  let pool: WorkerPool | undefined;
  let producer: TrainerWorker | undefined;
  try {
    if (options.redis === undefined) redisServer = await startRedisServer();
    const redis = options.redis ?? (redisServer as RedisServer).url;
    if (options.store === undefined) tempDir = await mkdtemp(join(tmpdir(), 'myriad-bench-train-'));
    const store = options.store ?? `fs:${join(tempDir as string, 'models')}`;
    const fleet = fleetOf(series);
    const spec = {
      name: 'bench-train',
      history: options.history ?? '7d',
      shardSize: options.shardSize ?? 250,
      store,
      ...(options.listing === true
        ? { source: { type: 'synthetic', fleet } }
        : { fleet, source: { type: 'synthetic' } }),
    };
    const client = createTrainerClient({ connection: redis, prefix });
    try {
      if (options.enqueueOnly === true) {
        producer = await startWorker({ connection: redis, prefix, processShards: false });
        const result = await enqueueOnly(client, spec, series, store, fsync, options.onProgress);
        return { ...result, enumeration: options.listing === true ? 'listing' : 'fleet' };
      }
      pool = await startWorkerPool({
        processes: workers,
        worker: {
          connection: redis,
          prefix,
          concurrency: options.perProcess ?? 2,
          store: { fsync },
        },
      });
      const started = performance.now();
      const { runId } = await client.enqueueRun(spec);
      const final = await client.waitForRun(runId, {
        intervalMs: 200,
        onProgress: options.onProgress,
      });
      const wallSeconds = (performance.now() - started) / 1000;
      if (final.state !== 'completed')
        throw new Error(`bench run ended ${final.state}: ${final.error ?? ''}`);
      await pool.close();
      const workerCpu = pool.cpuSeconds();
      pool = undefined;
      const redisCpu =
        redisServer === undefined ? 0 : await processCpuSeconds(redisServer.process.pid);
      return {
        mode: 'train',
        enumeration: options.listing === true ? 'listing' : 'fleet',
        series,
        workers,
        models: final.modelsWritten,
        seriesFailed: final.seriesFailed,
        wallSeconds: round(wallSeconds),
        modelsPerSecond: Math.round(final.modelsWritten / wallSeconds),
        stageSeconds: roundStages(final.stageSeconds),
        cpuSeconds: { workers: round(workerCpu), redis: round(redisCpu) },
        modelsPerCpuSecond: Math.round(final.modelsWritten / (workerCpu + redisCpu)),
        loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
        shards: final.shardsTotal ?? 0,
        store: tempDir === undefined ? store : 'fs:<temp>',
        fsync,
      };
    } finally {
      await client.close();
    }
  } finally {
    await pool?.close();
    await producer?.close();
    await redisServer?.stop();
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  }
}

async function enqueueOnly(
  client: ReturnType<typeof createTrainerClient>,
  spec: Record<string, unknown>,
  series: number,
  store: string,
  fsync: boolean,
  onProgress: ((status: RunStatus) => void) | undefined,
): Promise<Omit<TrainBenchResult, 'enumeration'>> {
  // Retained heap: force a full GC before each sample, so garbage not yet collected does not count.
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const start = process.memoryUsage();
  let peakHeap = start.heapUsed;
  let peakRss = start.rss;
  let samples = 0;
  const sampler = setInterval(() => {
    gc();
    const m = process.memoryUsage();
    samples++;
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 100);
  const started = performance.now();
  const { runId } = await client.enqueueRun(spec);
  let status: RunStatus | undefined;
  for (;;) {
    status = await client.getRun(runId);
    if (status === undefined) throw new Error(`run ${runId} vanished`);
    onProgress?.(status);
    if (
      status.shardsTotal !== undefined &&
      status.shardsEnqueued >= status.shardsTotal &&
      status.seriesTotal === series
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const wallSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  gc();
  const end = process.memoryUsage();
  return {
    mode: 'enqueue-only',
    series,
    workers: 0,
    models: 0,
    seriesFailed: 0,
    wallSeconds: round(wallSeconds),
    modelsPerSecond: 0,
    stageSeconds: { source: 0, aggregate: 0, fit: 0, encode: 0, store: 0 },
    shards: status.shardsTotal ?? 0,
    heapMiB: { start: mib(start.heapUsed), peak: mib(peakHeap), end: mib(end.heapUsed), samples },
    rssPeakMiB: mib(peakRss),
    store: store.startsWith('fs:/tmp') ? 'fs:<temp>' : store,
    fsync,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function roundStages(s: StageSeconds): StageSeconds {
  return {
    source: round(s.source),
    aggregate: round(s.aggregate),
    fit: round(s.fit),
    encode: round(s.encode),
    store: round(s.store),
  };
}

/** CPU seconds (user + system) of a live process, from /proc (Linux); 0 where unavailable. */
async function processCpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) in clock ticks; Linux uses 100 per second.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
