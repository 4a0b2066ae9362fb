import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import type { ServerLogger } from './context.js';
import type { ApiKey } from './middleware/auth.js';

/** What every worker process gets over IPC to start its server (plain data only). */
export interface WorkerConfig {
  store: string;
  host: string;
  port: number;
  cacheBytes?: number | undefined;
  redisUrl?: string | undefined;
  auth: 'auto' | 'on' | 'off';
  apiKeys: ApiKey[];
  maxBodyBytes?: number | undefined;
  logLevel: string;
  logRequests: boolean;
  benchRoutes: boolean;
  drainTimeoutMs?: number | undefined;
  /**
   * fs stores: read artifacts synchronously (default true: fastest while they
   * are in the page cache). false reads through the thread pool, so a read
   * that goes to disk never blocks the worker: for stores larger than RAM.
   */
  fsSyncReads?: boolean | undefined;
}

/** Options for {@link serveCluster}. */
export interface ClusterOptions extends WorkerConfig {
  /** Worker processes, ≥ 1. */
  workers: number;
  /**
   * Run each worker's garbage collector on its own thread only (V8's
   * `--single-threaded-gc`). Default: true when there are at least as many
   * workers as cores. V8 otherwise adds helper threads per process for
   * parallel scavenges and concurrent marking; with every core already
   * serving, they compete with the other workers, and a pause that waits on a
   * descheduled helper stalls its whole process. Measured on 2 cores, 2
   * workers, cold predicts at half their max rate: p99 28–50 ms with helper
   * threads, 9.5–11.5 ms without.
   */
  singleThreadedGc?: boolean;
  /**
   * How far each worker's old generation may grow past what survived the last
   * full GC before the next one, in percent (V8's `--heap-growing-percent`):
   * 200 lets it reach 3× the live size. 0 leaves V8's own factor, which for a
   * heap of 50–150 MB that is steadily promoting comes out near 1.3–1.5×: a
   * full GC every 1–2 s, each tracing the whole model cache, and p99 goes to
   * those pauses. Default 200. Measured over a million models with a 128 MiB
   * cache per worker, 2 workers on 2 cores, uniform predicts at half the max
   * rate: 18–25 full GCs per worker in 45 s and p99 12–28 ms with V8's factor;
   * 8 full GCs and p99 4.6–7.3 ms at 200; RSS 300–340 → 370–390 MiB per worker.
   */
  heapGrowingPercent?: number;
  /** Default: pino JSON on stdout at `logLevel`. */
  logger?: ServerLogger;
  /** Called once every worker listens, with the URL they share. */
  onListening?: (url: string) => void;
}

/** A running cluster. */
export interface RunningCluster {
  readonly url: string;
  /** Asks every worker to drain and exit, then resolves. Idempotent. */
  close(): Promise<void>;
  /** Resolves when the cluster has stopped (after `close()` or a signal). */
  readonly closed: Promise<void>;
}

/** Messages between primary and workers. */
export type PrimaryMessage =
  | { type: 'myriad:config'; config: WorkerConfig }
  | { type: 'myriad:shutdown' }
  | { type: 'myriad:metrics'; id: number; text?: string; error?: string };
export type WorkerMessage =
  | { type: 'myriad:ready' }
  | { type: 'myriad:listening'; url: string }
  | { type: 'myriad:failed'; message: string }
  | { type: 'myriad:metrics'; id: number };

/**
 * Forks `workers` server processes (node:cluster) that share one port, so every
 * core serves. SIGTERM/SIGINT drain them: each stops accepting, finishes its
 * in-flight requests, then exits. A worker that dies unexpectedly is replaced.
 * Runs the compiled worker entry (`dist/worker.js`), so the package must be built.
 * @throws Error when a worker fails to start (e.g. the store is unreachable).
 */
export async function serveCluster(options: ClusterOptions): Promise<RunningCluster> {
  if (!cluster.isPrimary) throw new Error('serveCluster must run in the primary process');
  const {
    workers,
    onListening,
    logger: given,
    singleThreadedGc,
    heapGrowingPercent = 200,
    ...config
  } = options;
  if (!Number.isInteger(heapGrowingPercent) || heapGrowingPercent < 0 || heapGrowingPercent > 1000)
    throw new Error(
      `heapGrowingPercent must be an integer from 0 to 1000, got ${heapGrowingPercent}`,
    );
  const execArgv =
    (singleThreadedGc ?? workers >= availableParallelism()) ? ['--single-threaded-gc'] : [];
  if (heapGrowingPercent > 0) execArgv.push(`--heap-growing-percent=${heapGrowingPercent}`);
  const logger =
    given ?? pino({ level: options.logLevel, base: { pid: process.pid, role: 'primary' } });
  // From TypeScript sources (tests) the built entry in dist/ runs; no test-runner execArgv.
  const entry = import.meta.url.endsWith('.ts') ? '../dist/worker.js' : './worker.js';
  cluster.setupPrimary({
    exec: fileURLToPath(new URL(entry, import.meta.url)),
    args: [],
    execArgv,
  });

  // /metrics on any worker shows every worker's: the worker asks here, prom-client's
  // AggregatorRegistry collects each worker's registry over IPC and sums them.
  const aggregator = new AggregatorRegistry();
  const answerMetrics = (worker: Worker, id: number) => {
    aggregator.clusterMetrics().then(
      (text) =>
        worker.isConnected() &&
        worker.send({ type: 'myriad:metrics', id, text } satisfies PrimaryMessage),
      (err: Error) =>
        worker.isConnected() &&
        worker.send({ type: 'myriad:metrics', id, error: err.message } satisfies PrimaryMessage),
    );
  };

  let stopping = false;
  let url = '';
  const live = new Set<Worker>();
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });

  const fork = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      live.add(worker);
      worker.on('message', (message: WorkerMessage) => {
        // Sent once the worker listens for messages (an earlier message would be lost).
        if (message.type === 'myriad:ready') {
          worker.send({ type: 'myriad:config', config } satisfies PrimaryMessage);
        }
        if (message.type === 'myriad:listening') resolve(message.url);
        if (message.type === 'myriad:failed') reject(new Error(message.message));
        if (message.type === 'myriad:metrics') answerMetrics(worker, message.id);
      });
      worker.on('exit', (code, signal) => {
        live.delete(worker);
        reject(
          new Error(`worker ${worker.process.pid} exited (${signal ?? code}) before listening`),
        );
        if (stopping) {
          if (live.size === 0) resolveClosed();
          return;
        }
        logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a new one');
        fork().catch((err: Error) =>
          logger.error({ err: err.message }, 'replacement worker failed'),
        );
      });
    });

  // Every worker listens with the same options (port 0 included): the primary
  // shares one handle per (address, port) key, so the workers end up on one port.
  try {
    url = await fork();
    await Promise.all(Array.from({ length: workers - 1 }, fork));
  } catch (err) {
    stopping = true;
    for (const w of live) w.kill();
    throw err;
  }
  onListening?.(url);
  logger.info({ url, workers }, 'cluster listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      stopping = true;
      if (live.size === 0) resolveClosed();
      for (const w of live)
        if (w.isConnected()) w.send({ type: 'myriad:shutdown' } satisfies PrimaryMessage);
      await closed;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      logger.info('cluster stopped');
    })();
    return closing;
  };
  const onSignal = () => {
    void close();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return { url, close, closed };
}
