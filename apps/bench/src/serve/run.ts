import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMyriadClient } from '@myriad/client';
import { serveCluster } from '@myriad/server';
import { benchDatapoints, buildBenchStore, coldModelId } from './fixture.js';
import { buildRequest, type LoadResult, runLoad } from './load.js';
import { combineRounds, cpuPerRequest, median, mix32 } from './measure.js';

/** Options for {@link runServeBench}. */
export interface ServeBenchOptions {
  /** Server worker processes. Default 2. */
  workers?: number;
  /** Models in the cold set. Default 100,000. */
  models?: number;
  /** Model cache per worker, bytes. Default 32 MiB (far below the cold set). */
  cacheBytes?: number;
  /** Measured time per phase, ms (plus 1 s warm-up). Default 5,000. */
  phaseMs?: number;
  /** Connections of the closed-loop phases. Default 32. */
  connections?: number;
  /**
   * Datapoints per model in a batch request (an alerting pipeline's per-tick
   * call carries each model's latest few points). Default 10. A second batch
   * phase always uses 60 (the single-predict size) for comparison.
   */
  batchPoints?: number;
  /** Alternating ceiling/warm rounds (phaseMs is split among them). Default 3. */
  rounds?: number;
  /** Passed to serveCluster (default there: single-threaded GC when workers ≥ cores). */
  singleThreadedGc?: boolean;
  /** Where the bench store lives (reused when already built). Default: a folder under the OS temp dir. */
  dir?: string;
  /** Progress lines (to stderr). */
  onProgress?: (message: string) => void;
}

/** One phase's numbers. */
export interface PhaseSummary {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  loadgenCpu: number;
  /** Fixed-rate phases only: the load generator's own send lag (see LoadOptions.ratePerSecond), and requests that waited for a connection. */
  pacingLagP99Ms?: number;
  backlogged?: number;
}

/** The summary `myriad bench serve --json` prints. */
export interface ServeBenchSummary {
  workers: number;
  /** Whether the server workers ran V8 with `--single-threaded-gc`. */
  singleThreadedGc: boolean;
  cores: number;
  coldModels: number;
  cacheBytes: number;
  modelBytes: number;
  artifactBytes: number;
  ceilingReqPerSec: number;
  warmReqPerSec: number;
  warmP50Ms: number;
  warmP99Ms: number;
  warmOverCeiling: number;
  /** Server CPU (all workers) per request, µs, and the warm/ceiling rate ratio it implies. NaN off Linux. */
  ceilingCpuUsPerRequest: number;
  warmCpuUsPerRequest: number;
  warmOverCeilingByCpu: number;
  warmP99MsAtHalfRate: number;
  halfRateReqPerSec: number;
  /** Cold predicts, closed loop: the max rate, and p50/p99 at that saturation (queueing included). */
  coldReqPerSec: number;
  coldP50MsAtMax: number;
  coldP99MsAtMax: number;
  /** Cold predicts at half the cold max rate (fixed rate), as warm is judged: the cost of a miss, not of a queue. */
  coldP50Ms: number;
  coldP99Ms: number;
  batchPointsPerModel: number;
  batchReqPerSec: number;
  batchPredictionsPerSec: number;
  batchP99Ms: number;
  batch60PredictionsPerSec: number;
  batch60P99Ms: number;
  seriesReqPerSec: number;
  seriesP50Ms: number;
  seriesP99Ms: number;
  /** CPU the load generator (this process) used per wall second, in the warm phase: the share of the cores it took. */
  loadgenCpuWarm: number;
  errors: number;
  /** 1-minute load average when the run started (the machine is shared). */
  loadAverage: number;
  phases: Record<string, PhaseSummary>;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Runs the serve benchmark in one process layout: a `workers`-process server
 * (node:cluster) on loopback and a raw-socket load generator in this process,
 * all on the same machine. Phases: ceiling (same stack, parse the body, no
 * model work), warm single predicts (60 one-minute points), batch (100
 * models), series ensemble, warm at half the measured max rate, and cold
 * predicts uniform over the cold set with a cache far smaller than it.
 */
export async function runServeBench(options: ServeBenchOptions = {}): Promise<ServeBenchSummary> {
  const workers = options.workers ?? 2;
  const count = options.models ?? 100_000;
  const cacheBytes = options.cacheBytes ?? 32 * 1024 * 1024;
  const phaseMs = options.phaseMs ?? 5000;
  const connections = options.connections ?? 32;
  const batchPoints = options.batchPoints ?? 10;
  const rounds = options.rounds ?? 3;
  const loadAverage = loadavg()[0] ?? 0;
  const progress = options.onProgress ?? (() => {});
  const dir = options.dir ?? join(tmpdir(), `myriad-bench-serve-${count}`);
  mkdirSync(dir, { recursive: true });
  const location = `fs:${join(dir, 'models')}`;

  progress(`building the bench store at ${location} (${count} models; reused when present)`);
  const models = await buildBenchStore(location, count, (done, total) => {
    if (done % 20_000 === 0 || done === total) progress(`  ${done}/${total} models written`);
  });

  const cluster = await serveCluster({
    workers,
    store: location,
    host: '127.0.0.1',
    port: 0,
    cacheBytes,
    auth: 'off',
    apiKeys: [],
    logLevel: 'warn',
    logRequests: false,
    benchRoutes: true,
    ...(options.singleThreadedGc === undefined
      ? {}
      : { singleThreadedGc: options.singleThreadedGc }),
  });
  try {
    const url = new URL(cluster.url);
    const host = url.hostname;
    const port = Number(url.port);
    const points = benchDatapoints(60);

    // Check each route answers what it should before measuring it.
    const client = createMyriadClient(cluster.url);
    const scores = await client.predict(models.warm, points);
    if (scores.length !== 60)
      throw new Error(`warm predict answered ${scores.length} scores, not 60`);
    const batchCheck = await client.predictBatch(
      models.batch.map((model_id) => ({ model_id, datapoints: points.slice(0, batchPoints) })),
    );
    const failed = batchCheck.results.filter((r) => 'error' in r);
    if (failed.length > 0) throw new Error(`batch check: ${JSON.stringify(failed[0])}`);
    const seriesCheck = await client.scoreSeries(models.series, points);
    if (seriesCheck.resolutions.length !== 3) throw new Error('series check: not 3 resolutions');
    await client.predict(coldModelId(models.coldPrefix, count - 1), points);

    const warmBody = Buffer.from(JSON.stringify({ model_id: models.warm, datapoints: points }));
    const warmRequest = buildRequest('POST', '/predict', warmBody);
    const ceilingRequest = buildRequest('POST', '/bench/ceiling', warmBody);
    const batchOf = (datapoints: unknown[]) =>
      buildRequest(
        'POST',
        '/v1/predict/batch',
        Buffer.from(
          JSON.stringify({ requests: models.batch.map((model_id) => ({ model_id, datapoints })) }),
        ),
      );
    const batchRequest = batchOf(points.slice(0, batchPoints));
    const batch60Request = batchOf(points);
    const seriesRequest = buildRequest(
      'POST',
      `/v1/series/${encodeURIComponent(models.series)}/score`,
      Buffer.from(JSON.stringify({ datapoints: points })),
    );
    const pointsJson = JSON.stringify(points);
    // Uniform over the cold set, deterministic (an integer hash of the request index).
    const coldRequest = (i: number) => {
      const k = Math.floor((mix32(i) / 4294967296) * count);
      const body = Buffer.from(
        `{"model_id":"${coldModelId(models.coldPrefix, k)}","datapoints":${pointsJson}}`,
      );
      return buildRequest('POST', '/predict', body);
    };

    const phases: Record<string, LoadResult> = {};
    const run = async (
      name: string,
      request: (i: number) => Buffer,
      extra: { ratePerSecond?: number; connections?: number; durationMs?: number } = {},
    ) => {
      progress(`phase ${name}…`);
      const result = await runLoad({
        host,
        port,
        request,
        connections: extra.connections ?? connections,
        durationMs: (extra.durationMs ?? phaseMs) + 1000,
        warmupMs: 1000,
        ...(extra.ratePerSecond === undefined ? {} : { ratePerSecond: extra.ratePerSecond }),
      });
      phases[name] = result;
      progress(
        `  ${name}: ${Math.round(result.reqPerSec)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, errors ${result.errors}${Number.isNaN(result.pacingLagP99Ms) ? '' : `, send lag p99 ${result.pacingLagP99Ms.toFixed(2)} ms, backlogged ${result.backlogged}`}`,
      );
      return result;
    };

    // Ceiling and warm alternate in rounds, so a change in the machine's other
    // load (it is shared) hits both alike; each is the mean rate and the median
    // p50/p99 of its rounds.
    const ceilingRounds: LoadResult[] = [];
    const warmRounds: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      const durationMs = Math.max(500, Math.round(phaseMs / rounds));
      ceilingRounds.push(await run(`ceiling#${r + 1}`, () => ceilingRequest, { durationMs }));
      warmRounds.push(await run(`warm#${r + 1}`, () => warmRequest, { durationMs }));
    }
    // The same comparison in server CPU time per request (all workers, from
    // /proc): unlike req/s it hardly moves with the machine's other load.
    const cpuCeiling: number[] = [];
    const cpuWarm: number[] = [];
    for (let r = 0; r < rounds; r++) {
      cpuCeiling.push(await cpuPerRequest(host, port, () => ceilingRequest, connections));
      cpuWarm.push(await cpuPerRequest(host, port, () => warmRequest, connections));
    }
    const ceilingCpuUs = median(cpuCeiling);
    const warmCpuUs = median(cpuWarm);
    progress(
      `  server CPU per request: ceiling ${ceilingCpuUs.toFixed(1)} µs, warm ${warmCpuUs.toFixed(1)} µs`,
    );
    const ceiling = combineRounds(ceilingRounds);
    const warm = combineRounds(warmRounds);
    phases.ceiling = ceiling;
    phases.warm = warm;
    const batch = await run('batch', () => batchRequest, {
      connections: Math.max(4, connections / 4),
    });
    const batch60 = await run('batch60', () => batch60Request, {
      connections: Math.max(4, connections / 4),
    });
    const series = await run('series', () => seriesRequest);
    // Fixed-rate latency in rounds too (median p99 of the rounds): one stall of the
    // shared machine inside a single run would otherwise decide its p99.
    const halfRounds: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      halfRounds.push(
        await run(`warmHalfRate#${r + 1}`, () => warmRequest, {
          ratePerSecond: warm.reqPerSec / 2,
          durationMs: Math.max(1000, Math.round(phaseMs / 2)),
        }),
      );
    }
    const half = combineRounds(halfRounds);
    phases.warmHalfRate = half;
    const cold = await run('cold', coldRequest);
    // Fresh request indices, so the half-rate runs miss the cache as much as the first.
    const coldRounds: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      coldRounds.push(
        await run(`coldHalfRate#${r + 1}`, (i) => coldRequest(i + (r + 1) * 10_000_000), {
          ratePerSecond: cold.reqPerSec / 2,
          durationMs: Math.max(1000, Math.round(phaseMs / 2)),
        }),
      );
    }
    const coldHalf = combineRounds(coldRounds);
    phases.coldHalfRate = coldHalf;

    const summarise = (r: LoadResult): PhaseSummary => ({
      reqPerSec: round(r.reqPerSec, 1),
      p50Ms: round(r.p50Ms),
      p99Ms: round(r.p99Ms),
      errors: r.errors,
      loadgenCpu: round(r.loadgenCpu, 2),
      ...(Number.isNaN(r.pacingLagP99Ms)
        ? {}
        : { pacingLagP99Ms: round(r.pacingLagP99Ms), backlogged: r.backlogged }),
    });
    return {
      workers,
      singleThreadedGc: options.singleThreadedGc ?? workers >= availableParallelism(),
      cores: availableParallelism(),
      coldModels: count,
      cacheBytes,
      modelBytes: models.modelBytes,
      artifactBytes: models.artifactBytes,
      ceilingReqPerSec: round(ceiling.reqPerSec, 1),
      warmReqPerSec: round(warm.reqPerSec, 1),
      warmP50Ms: round(warm.p50Ms),
      warmP99Ms: round(warm.p99Ms),
      warmOverCeiling: round(warm.reqPerSec / ceiling.reqPerSec),
      ceilingCpuUsPerRequest: round(ceilingCpuUs, 1),
      warmCpuUsPerRequest: round(warmCpuUs, 1),
      warmOverCeilingByCpu: round(ceilingCpuUs / warmCpuUs),
      warmP99MsAtHalfRate: round(half.p99Ms),
      halfRateReqPerSec: round(half.reqPerSec, 1),
      coldReqPerSec: round(cold.reqPerSec, 1),
      coldP50MsAtMax: round(cold.p50Ms),
      coldP99MsAtMax: round(cold.p99Ms),
      coldP50Ms: round(coldHalf.p50Ms),
      coldP99Ms: round(coldHalf.p99Ms),
      batchPointsPerModel: batchPoints,
      batchReqPerSec: round(batch.reqPerSec, 1),
      batchPredictionsPerSec: round(batch.reqPerSec * models.batch.length, 0),
      batchP99Ms: round(batch.p99Ms),
      batch60PredictionsPerSec: round(batch60.reqPerSec * models.batch.length, 0),
      batch60P99Ms: round(batch60.p99Ms),
      seriesReqPerSec: round(series.reqPerSec, 1),
      seriesP50Ms: round(series.p50Ms),
      seriesP99Ms: round(series.p99Ms),
      loadgenCpuWarm: round(warm.loadgenCpu, 2),
      errors: Object.values(phases).reduce((a, r) => a + r.errors, 0),
      loadAverage: round(loadAverage, 2),
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, summarise(v)])),
    };
  } finally {
    await cluster.close();
  }
}
