import { isMyriadError, type KindRegistry } from '@myriad/core';
import { type ModelStore, type OpenStoreOptions, openStore } from '@myriad/store';
import { type ConnectionOptions, type Job, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis, redisOptions, type TrainerConnection } from '../connection.js';
import { processRunJob, type RunJobResult } from '../jobs/run-job.js';
import { processShardJob, type ShardJobResult } from '../jobs/shard-job.js';
import {
  DEFAULT_PREFIX,
  type JobPolicy,
  jobOptions,
  openQueues,
  RUN_QUEUE,
  type RunJobData,
  SHARD_QUEUE,
  type ShardJobData,
  shardJobId,
} from '../queues.js';
import { type RunContext, type RunRetention, RunStateStore } from '../run-state.js';
import { createSourceCache } from '../sources/open-source.js';
import { defaultRegistry } from './default-registry.js';

/** Where a worker logs; default: nowhere. */
export interface WorkerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Options for {@link startWorker}. */
export interface StartWorkerOptions {
  /** Redis URL or ioredis options (the same Redis as the clients). */
  connection: TrainerConnection;
  /** Key prefix; default `myriad`. Must match the clients'. */
  prefix?: string;
  /**
   * Shard jobs this process works on at once. Default: 2 — fitting is CPU-bound (run one
   * process per core), but a second shard fits while the first one's `putMany` waits on I/O
   * (measured: +15–50% models/s with 2 processes on 2 cores).
   */
  concurrency?: number;
  /** Model kinds; default: core's built-in kinds. */
  registry?: KindRegistry;
  /** Options for every store the worker opens (e.g. `fsync: false` in benchmarks). */
  store?: OpenStoreOptions;
  /** A job whose lock is not renewed for this long is taken up again by another worker. Default: 30,000 ms. */
  lockDurationMs?: number;
  /** How often to look for stalled jobs. Default: 30,000 ms. */
  stalledIntervalMs?: number;
  /** Times a shard may stall (its worker died) before it fails. Default: 5. */
  maxStalledCount?: number;
  /** Wait for Redis at start-up at most this long. Default: 3,000 ms. */
  connectTimeoutMs?: number;
  retention?: RunRetention;
  /** Take run jobs (enumerate fleets, add shards). Default: true. */
  processRuns?: boolean;
  /** Take shard jobs (train). Default: true. */
  processShards?: boolean;
  /** Retries; must match the clients' `jobs` (the worker reads `attempts` from each job). */
  jobs?: JobPolicy;
  logger?: WorkerLogger;
}

/** A running worker: takes run and shard jobs until closed. */
export interface TrainerWorker {
  /** Stops taking jobs, finishes the current ones, and releases connections and stores. */
  close(): Promise<void>;
}

/**
 * Starts a worker in this process: a BullMQ worker for run jobs (concurrency 1)
 * and one for shard jobs. Non-retryable errors become BullMQ's
 * `UnrecoverableError`; a shard that fails for good is counted as failed in
 * its run. Stalled shards (a worker killed mid-shard) are retried by BullMQ.
 * @throws TrainerError `REDIS_UNAVAILABLE` when Redis cannot be reached in time.
 */
export async function startWorker(options: StartWorkerOptions): Promise<TrainerWorker> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const log = options.logger;
  const redis: Redis = await connectRedis(options.connection, options.connectTimeoutMs ?? 3000);
  const ioOptions = redisOptions(options.connection);
  const connection = ioOptions as ConnectionOptions;
  const state = new RunStateStore(redis, prefix, options.retention);
  const registry = options.registry ?? defaultRegistry();
  const openSource = createSourceCache();
  const queues = openQueues(ioOptions, prefix, options.jobs);
  const stores = new Map<string, Promise<ModelStore>>();
  const contexts = new Map<string, RunContext>();
  const policy = jobOptions(options.jobs);

  const openStoreCached = (location: string): Promise<ModelStore> => {
    let store = stores.get(location);
    if (store === undefined) {
      store = openStore(location, options.store);
      store.catch(() => stores.delete(location));
      stores.set(location, store);
    }
    return store;
  };
  const context = async (runId: string): Promise<RunContext | undefined> => {
    const cached = contexts.get(runId);
    if (cached !== undefined) return cached;
    const fresh = await state.context(runId);
    if (fresh !== undefined) {
      if (contexts.size >= 64) contexts.delete(contexts.keys().next().value as string);
      contexts.set(runId, fresh);
    }
    return fresh;
  };

  const common = {
    connection,
    prefix,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 5,
  };

  const runWorker = new Worker<RunJobData, RunJobResult>(
    RUN_QUEUE,
    async (job: Job<RunJobData>) => {
      try {
        const result = await processRunJob(job.data, job.id ?? '', {
          state,
          openSource,
          addShards: async (shards) => {
            await queues.shards.addBulk(
              shards.map((data) => ({
                name: 'shard',
                data,
                opts: { ...policy.shard, jobId: shardJobId(data.runId, data.shard) },
              })),
            );
          },
        });
        log?.info('run enumerated', { ...result });
        return result;
      } catch (err) {
        const final = !isRetryable(err) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (!final) throw err;
        const runId = job.data.runId;
        if (runId !== undefined) await state.finish(runId, 'failed', messageOf(err));
        log?.error('run failed', { runId, error: messageOf(err) });
        throw new UnrecoverableError(messageOf(err));
      }
    },
    { ...common, concurrency: 1, autorun: options.processRuns !== false },
  );

  const shardWorker = new Worker<ShardJobData, ShardJobResult>(
    SHARD_QUEUE,
    async (job: Job<ShardJobData>) => {
      const data = job.data;
      try {
        return await processShardJob(data, {
          state,
          registry,
          context,
          openSource,
          openStore: openStoreCached,
          retried: job.attemptsMade > 0 || job.attemptsStarted > 1 || (job.stalledCounter ?? 0) > 0,
        });
      } catch (err) {
        const final = !isRetryable(err) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        log?.warn('shard failed', {
          runId: data.runId,
          shard: data.shard,
          final,
          error: messageOf(err),
        });
        if (!final) throw err;
        const series = data.ids?.length ?? data.count ?? 0;
        await state.finishShard(data.runId, data.shard, {
          seriesDone: 0,
          seriesFailed: series,
          modelsWritten: 0,
          shardFailed: true,
          failures: [{ seriesId: `shard:${data.shard}`, shard: data.shard, error: messageOf(err) }],
          stageSeconds: { source: 0, aggregate: 0, fit: 0, encode: 0, store: 0 },
        });
        throw new UnrecoverableError(messageOf(err));
      }
    },
    { ...common, concurrency: options.concurrency ?? 2, autorun: options.processShards !== false },
  );

  for (const w of [runWorker, shardWorker]) {
    w.on('error', (err) => log?.error('worker error', { error: err.message }));
  }

  // A shard that stalled more than maxStalledCount times is failed by BullMQ's
  // stalled check, outside any processor: count it in its run here, or the run
  // would wait for it forever. Every worker hears it; the shard bit counts it once.
  const events =
    options.processShards === false
      ? undefined
      : new QueueEvents(SHARD_QUEUE, { connection, prefix });
  events?.on('failed', ({ jobId, failedReason }) => {
    if (!/stalled more than allowable limit/.test(failedReason)) return;
    void (async () => {
      const job = await queues.shards.getJob(jobId);
      if (job === undefined) return;
      const data = job.data;
      await state.finishShard(data.runId, data.shard, {
        seriesDone: 0,
        seriesFailed: data.ids?.length ?? data.count ?? 0,
        modelsWritten: 0,
        shardFailed: true,
        failures: [{ seriesId: `shard:${data.shard}`, shard: data.shard, error: failedReason }],
        stageSeconds: { source: 0, aggregate: 0, fit: 0, encode: 0, store: 0 },
      });
    })().catch((err: Error) =>
      log?.error('counting a stalled shard failed', { jobId, error: err.message }),
    );
  });
  events?.on('error', (err) => log?.error('queue events error', { error: err.message }));

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        await Promise.all([runWorker.close(), shardWorker.close(), events?.close()]);
        await queues.close();
        for (const store of stores.values()) await (await store.catch(() => undefined))?.close();
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },
  };
}

/** Typed errors say whether a retry may help; anything else (e.g. a dropped connection) is retried. */
function isRetryable(err: unknown): boolean {
  if (err instanceof UnrecoverableError) return false;
  if (isMyriadError<string>(err)) return err.retryable;
  if (err instanceof Error && 'retryable' in err && typeof err.retryable === 'boolean')
    return err.retryable;
  return true;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
