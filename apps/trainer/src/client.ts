import type { Redis } from 'ioredis';
import { connectRedis, redisOptions, type TrainerConnection } from './connection.js';
import { parseDurationSeconds } from './duration.js';
import { TrainerError } from './errors.js';
import {
  DEFAULT_PREFIX,
  type JobPolicy,
  openQueues,
  type RunJobData,
  type TrainerQueues,
} from './queues.js';
import { fleetPlan, newRunId, runWindow } from './run-plan.js';
import { type RunRetention, RunStateStore } from './run-state.js';
import { isFinalState, type RunFailure, type RunStatus } from './run-status.js';
import { type ParseRunSpecOptions, parseRunSpec, type RunSpec } from './spec.js';

/** Options for {@link createTrainerClient}. */
export interface TrainerClientOptions {
  /** Redis URL (`redis://host:6379/0`) or ioredis options. */
  connection: TrainerConnection;
  /** Key prefix of queues and run state; default `myriad`. Workers must use the same. */
  prefix?: string;
  /** How long to wait for Redis before failing with `REDIS_UNAVAILABLE`, in ms. Default: 3,000. */
  connectTimeoutMs?: number;
  /** Retention of run state. */
  retention?: RunRetention;
  /** Retries and retention of jobs. */
  jobs?: JobPolicy;
  /** Spec validation (e.g. the kinds that exist). */
  spec?: ParseRunSpecOptions;
}

/** A job scheduler that starts a run every `everySeconds`. */
export interface RunSchedule {
  readonly id: string;
  readonly everySeconds: number;
  /** Next start, ISO-8601; undefined when not scheduled. */
  readonly next: string | undefined;
  readonly spec: RunSpec | undefined;
}

/** Options for {@link TrainerClient.waitForRun}. */
export interface WaitOptions {
  /** Poll interval in ms. Default: 250. */
  intervalMs?: number;
  /** Called with every status read. */
  onProgress?: (status: RunStatus) => void;
  /** Gives up (rejects with an AbortError) when aborted. */
  signal?: AbortSignal;
}

/** Enqueues and inspects training runs. Safe to share; one Redis connection plus BullMQ's. */
export interface TrainerClient {
  /**
   * Validates `spec` and enqueues a run. A spec with `schedule.every` also
   * upserts a job scheduler (id `schedule.id`, else the spec's name) whose next
   * run starts one interval from now.
   * @throws TrainerError `INVALID_SPEC` naming the field; `REDIS_UNAVAILABLE`.
   */
  enqueueRun(spec: unknown): Promise<{ runId: string; scheduleId?: string }>;
  /** A run's status with rate and ETA; undefined when unknown or expired. */
  getRun(runId: string): Promise<RunStatus | undefined>;
  /**
   * Cancels a run: no new shard starts (running ones finish). A final run is left as it is.
   * @throws TrainerError `RUN_NOT_FOUND`.
   */
  cancelRun(runId: string): Promise<RunStatus>;
  /** Most recent runs first (default 50). */
  listRuns(options?: { limit?: number }): Promise<RunStatus[]>;
  /** A run's recorded failures (series id and error). @throws TrainerError `RUN_NOT_FOUND`. */
  listFailures(runId: string, options?: { offset?: number; limit?: number }): Promise<RunFailure[]>;
  /** Creates or updates the scheduler of a spec with `schedule.every`. @returns its id. */
  upsertSchedule(spec: unknown): Promise<string>;
  listSchedules(): Promise<RunSchedule[]>;
  /** @returns true when a scheduler with that id existed. */
  removeSchedule(id: string): Promise<boolean>;
  /** Polls until the run is final. @throws TrainerError `RUN_NOT_FOUND` if it disappears. */
  waitForRun(runId: string, options?: WaitOptions): Promise<RunStatus>;
  close(): Promise<void>;
}

interface Connected {
  redis: Redis;
  state: RunStateStore;
  queues: TrainerQueues;
}

const SCHEDULE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * A client for the trainer's queues and run state. It connects on first use
 * and fails fast (`REDIS_UNAVAILABLE`) when Redis cannot be reached.
 * @throws TrainerError `INVALID_OPTIONS` for a malformed Redis URL.
 */
export function createTrainerClient(options: TrainerClientOptions): TrainerClient {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const ioOptions = redisOptions(options.connection);
  let connecting: Promise<Connected> | undefined;
  let closed = false;

  function connect(): Promise<Connected> {
    if (closed)
      return Promise.reject(new TrainerError('INVALID_OPTIONS', 'trainer client is closed'));
    connecting ??= (async () => {
      const redis = await connectRedis(options.connection, options.connectTimeoutMs ?? 3000);
      return {
        redis,
        state: new RunStateStore(redis, prefix, options.retention),
        queues: openQueues(ioOptions, prefix, options.jobs),
      };
    })();
    connecting.catch(() => {
      connecting = undefined; // let a later call try again
    });
    return connecting;
  }

  async function enqueue(c: Connected, spec: RunSpec, scheduleId?: string): Promise<string> {
    const runId = newRunId();
    const window = runWindow(spec);
    const plan = fleetPlan(spec);
    await c.state.create({
      runId,
      spec,
      ...window,
      ...plan,
      ...(scheduleId === undefined ? {} : { scheduleId }),
    });
    await c.queues.runs.add('run', { runId }, { jobId: runId });
    return runId;
  }

  async function upsert(c: Connected, spec: RunSpec): Promise<string> {
    if (spec.schedule === undefined) {
      throw new TrainerError(
        'INVALID_SPEC',
        'invalid run spec: schedule: a schedule needs schedule.every',
      );
    }
    const id = spec.schedule.id ?? spec.name?.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128);
    if (id === undefined || !SCHEDULE_ID.test(id)) {
      throw new TrainerError(
        'INVALID_SPEC',
        'invalid run spec: schedule.id: a schedule needs schedule.id or a name',
      );
    }
    const everyMs = parseDurationSeconds(spec.schedule.every, 'schedule.every') * 1000;
    await c.queues.runs.upsertJobScheduler(
      id,
      { every: everyMs, startDate: Date.now() + everyMs },
      { name: 'run', data: { scheduleId: id, spec } satisfies RunJobData },
    );
    return id;
  }

  return {
    async enqueueRun(input) {
      const spec = parseRunSpec(input, options.spec);
      const c = await connect();
      const scheduleId = spec.schedule === undefined ? undefined : await upsert(c, spec);
      const runId = await enqueue(c, spec, scheduleId);
      return scheduleId === undefined ? { runId } : { runId, scheduleId };
    },
    async getRun(runId) {
      return (await connect()).state.get(runId);
    },
    async cancelRun(runId) {
      const c = await connect();
      const after = await c.state.finish(runId, 'cancelled');
      const status = after === undefined ? undefined : await c.state.get(runId);
      if (status === undefined)
        throw new TrainerError(
          'RUN_NOT_FOUND',
          `no run ${JSON.stringify(runId)} (unknown, or expired)`,
        );
      return status;
    },
    async listRuns(opts = {}) {
      return (await connect()).state.list(opts.limit ?? 50);
    },
    async listFailures(runId, opts = {}) {
      return (await connect()).state.failures(runId, opts.offset ?? 0, opts.limit ?? 100);
    },
    async upsertSchedule(input) {
      const spec = parseRunSpec(input, options.spec);
      return upsert(await connect(), spec);
    },
    async listSchedules() {
      const c = await connect();
      const list = await c.queues.runs.getJobSchedulers(0, -1, true);
      return list.map((s) => {
        const data = s.template?.data as RunJobData | undefined;
        return {
          id: s.id ?? s.key,
          everySeconds: (s.every ?? 0) / 1000,
          next: s.next === undefined ? undefined : new Date(s.next).toISOString(),
          spec: data?.spec,
        };
      });
    },
    async removeSchedule(id) {
      return (await connect()).queues.runs.removeJobScheduler(id);
    },
    async waitForRun(runId, opts = {}) {
      const c = await connect();
      for (;;) {
        opts.signal?.throwIfAborted();
        const status = await c.state.get(runId);
        if (status === undefined)
          throw new TrainerError(
            'RUN_NOT_FOUND',
            `no run ${JSON.stringify(runId)} (unknown, or expired)`,
          );
        opts.onProgress?.(status);
        if (isFinalState(status.state)) return status;
        await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 250));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      const c = await connecting?.catch(() => undefined);
      if (c !== undefined) {
        await c.queues.close();
        await c.redis.quit().catch(() => c.redis.disconnect());
      }
    },
  };
}
