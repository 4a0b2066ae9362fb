import type { Redis } from 'ioredis';
import { TrainerError } from './errors.js';
import { FINISH_RUN, FINISH_SHARD, SET_ENUMERATED, START_RUN } from './run-state-scripts.js';
import type { RunFailure, RunState, RunStatus, StageSeconds } from './run-status.js';
import type { RunSpec } from './spec.js';

/** Retention of run state in Redis. */
export interface RunRetention {
  /** Seconds a finished run's state is kept. Default: 7 days. */
  finishedTtlSeconds?: number;
  /** Seconds an unfinished run's state is kept (a safety net for abandoned runs). Default: 30 days. */
  activeTtlSeconds?: number;
  /** Runs kept in the index; creating more drops the oldest (and their state). Default: 1,000. */
  maxRuns?: number;
  /** Failure entries kept per run (all are counted). Default: 10,000. */
  maxFailures?: number;
}

/** What a shard reports when it is done. */
export interface ShardOutcome {
  readonly seriesDone: number;
  readonly seriesFailed: number;
  readonly modelsWritten: number;
  /** The shard failed as a whole (after its retries). */
  readonly shardFailed: boolean;
  readonly failures: readonly RunFailure[];
  readonly stageSeconds: StageSeconds;
}

/** What a worker needs to know about a run. */
export interface RunContext {
  readonly runId: string;
  readonly state: RunState;
  readonly spec: RunSpec;
  readonly fromSeconds: number;
  readonly toSeconds: number;
}

/** Fields set when a run is created. */
export interface NewRun {
  readonly runId: string;
  readonly spec: RunSpec;
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly scheduleId?: string;
  /** Known at once for fleet specs. */
  readonly seriesTotal?: number;
  readonly shardsTotal?: number;
}

const STAGES = ['source', 'aggregate', 'fit', 'encode', 'store'] as const;

/**
 * Run state in Redis: a hash per run (state, counters, spec), a bitmap of
 * finished shards, a capped list of failures, and a capped index of runs.
 * Keys: `<prefix>:trainer:run:<id>`, `…:shards`, `…:failures`, `<prefix>:trainer:runs`.
 */
export class RunStateStore {
  readonly #redis: Redis;
  readonly #base: string;
  readonly #finishedTtl: number;
  readonly #activeTtl: number;
  readonly #maxRuns: number;
  readonly #maxFailures: number;

  constructor(redis: Redis, prefix: string, retention: RunRetention = {}) {
    this.#redis = redis;
    this.#base = `${prefix}:trainer`;
    this.#finishedTtl = retention.finishedTtlSeconds ?? 7 * 86_400;
    this.#activeTtl = retention.activeTtlSeconds ?? 30 * 86_400;
    this.#maxRuns = retention.maxRuns ?? 1000;
    this.#maxFailures = retention.maxFailures ?? 10_000;
  }

  #keys(runId: string): [string, string, string] {
    const run = `${this.#base}:run:${runId}`;
    return [run, `${run}:shards`, `${run}:failures`];
  }

  /** Creates a run in state `queued` and trims the index to `maxRuns`. */
  async create(run: NewRun): Promise<void> {
    const [key] = this.#keys(run.runId);
    const now = Date.now();
    const fields: Record<string, string | number> = {
      runId: run.runId,
      state: 'queued',
      spec: JSON.stringify(run.spec),
      createdAt: now,
      fromSeconds: run.fromSeconds,
      toSeconds: run.toSeconds,
      shardsEnqueued: 0,
      shardsDone: 0,
      shardsFailed: 0,
      seriesDone: 0,
      seriesFailed: 0,
      modelsWritten: 0,
      enumerated: 0,
    };
    if (run.scheduleId !== undefined) fields.scheduleId = run.scheduleId;
    if (run.seriesTotal !== undefined) fields.seriesTotal = run.seriesTotal;
    if (run.shardsTotal !== undefined) fields.shardsTotal = run.shardsTotal;
    const index = `${this.#base}:runs`;
    const created = await this.#redis.hsetnx(key, 'runId', run.runId);
    if (created === 0) return; // a retried run job: the run exists already
    await this.#redis
      .multi()
      .hset(key, fields)
      .expire(key, this.#activeTtl)
      .zadd(index, now, run.runId)
      .exec();
    const excess = (await this.#redis.zcard(index)) - this.#maxRuns;
    if (excess > 0) {
      const dropped = await this.#redis.zpopmin(index, excess);
      const ids = dropped.filter((_, i) => i % 2 === 0);
      if (ids.length > 0) await this.#redis.del(...ids.flatMap((id) => this.#keys(id)));
    }
  }

  /** queued → running (no-op otherwise). @returns the state after, or undefined when the run is unknown. */
  async start(runId: string): Promise<RunState | undefined> {
    const [key] = this.#keys(runId);
    const state = await this.#redis.eval(START_RUN, 1, key, Date.now());
    return (state ?? undefined) as RunState | undefined;
  }

  /** Records how many shards are in the queue (so a retried run job resumes there). */
  async setEnqueued(runId: string, shards: number): Promise<void> {
    await this.#redis.hset(this.#keys(runId)[0], 'shardsEnqueued', shards);
  }

  /** Marks enumeration done; the run completes here if every shard already has. */
  async setEnumerated(
    runId: string,
    shardsTotal: number,
    seriesTotal: number,
  ): Promise<RunState | undefined> {
    const keys = this.#keys(runId);
    const state = await this.#redis.eval(
      SET_ENUMERATED,
      3,
      ...keys,
      shardsTotal,
      seriesTotal,
      Date.now(),
      this.#finishedTtl,
    );
    return (state ?? undefined) as RunState | undefined;
  }

  /**
   * Counts a finished shard once (later calls for the same shard are ignored).
   * @returns true when this call counted it.
   */
  async finishShard(runId: string, shard: number, outcome: ShardOutcome): Promise<boolean> {
    const keys = this.#keys(runId);
    const s = outcome.stageSeconds;
    const counted = await this.#redis.eval(
      FINISH_SHARD,
      3,
      ...keys,
      shard,
      outcome.seriesDone,
      outcome.seriesFailed,
      outcome.modelsWritten,
      outcome.shardFailed ? 1 : 0,
      Date.now(),
      this.#finishedTtl,
      this.#maxFailures,
      ...STAGES.map((stage) => s[stage].toFixed(6)),
      ...outcome.failures.slice(0, this.#maxFailures).map((f) => JSON.stringify(f)),
    );
    return counted === 1;
  }

  /** True when the shard has been counted as finished. */
  async isShardDone(runId: string, shard: number): Promise<boolean> {
    return (await this.#redis.getbit(this.#keys(runId)[1], shard)) === 1;
  }

  /** Moves an unfinished run to `state` (cancelled or failed). @returns the state after, undefined if unknown. */
  async finish(
    runId: string,
    state: 'cancelled' | 'failed',
    error = '',
  ): Promise<RunState | undefined> {
    const result = await this.#redis.eval(
      FINISH_RUN,
      3,
      ...this.#keys(runId),
      state,
      Date.now(),
      this.#finishedTtl,
      error,
    );
    return (result ?? undefined) as RunState | undefined;
  }

  /** The run's spec, window and state; undefined when unknown (never created or expired). */
  async context(runId: string): Promise<RunContext | undefined> {
    const [state, spec, from, to] = await this.#redis.hmget(
      this.#keys(runId)[0],
      'state',
      'spec',
      'fromSeconds',
      'toSeconds',
    );
    if (state === null || state === undefined || spec === null || spec === undefined)
      return undefined;
    return {
      runId,
      state: state as RunState,
      spec: JSON.parse(spec) as RunSpec,
      fromSeconds: Number(from),
      toSeconds: Number(to),
    };
  }

  /** The run's state only (cheap); undefined when unknown. */
  async state(runId: string): Promise<RunState | undefined> {
    return ((await this.#redis.hget(this.#keys(runId)[0], 'state')) ?? undefined) as
      | RunState
      | undefined;
  }

  /** The run's full status with rate and ETA; undefined when unknown. */
  async get(runId: string): Promise<RunStatus | undefined> {
    const h = await this.#redis.hgetall(this.#keys(runId)[0]);
    if (h.state === undefined) return undefined;
    return toStatus(h, Date.now());
  }

  /** Most recent runs first, at most `limit` (default 50). */
  async list(limit = 50): Promise<RunStatus[]> {
    const index = `${this.#base}:runs`;
    const ids = await this.#redis.zrevrange(index, 0, Math.max(0, limit - 1));
    const out: RunStatus[] = [];
    for (const id of ids) {
      const status = await this.get(id);
      if (status === undefined) await this.#redis.zrem(index, id);
      else out.push(status);
    }
    return out;
  }

  /** Recorded failures of a run (up to `maxFailures` are kept), from `offset`, at most `limit` (default 100). */
  async failures(runId: string, offset = 0, limit = 100): Promise<RunFailure[]> {
    if (!(await this.#redis.exists(this.#keys(runId)[0]))) {
      throw new TrainerError(
        'RUN_NOT_FOUND',
        `no run ${JSON.stringify(runId)} (unknown, or expired)`,
      );
    }
    const items = await this.#redis.lrange(this.#keys(runId)[2], offset, offset + limit - 1);
    return items.map((item) => JSON.parse(item) as RunFailure);
  }
}

function num(value: string | undefined): number {
  return value === undefined || value === '' ? 0 : Number(value);
}

function optNum(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

function iso(ms: string | undefined): string | undefined {
  return ms === undefined || ms === '' ? undefined : new Date(Number(ms)).toISOString();
}

function toStatus(h: Record<string, string>, nowMs: number): RunStatus {
  const spec = JSON.parse(h.spec ?? '{}') as Partial<RunSpec>;
  const started = optNum(h.startedAt);
  const finished = optNum(h.finishedAt);
  const elapsed = started === undefined ? 0 : ((finished ?? nowMs) - started) / 1000;
  const seriesDone = num(h.seriesDone);
  const seriesFailed = num(h.seriesFailed);
  const models = num(h.modelsWritten);
  const seriesTotal = optNum(h.seriesTotal);
  const seriesPerSecond = elapsed > 0 ? (seriesDone + seriesFailed) / elapsed : 0;
  const state = h.state as RunState;
  let eta: number | undefined;
  if (state === 'completed' || state === 'failed' || state === 'cancelled') eta = 0;
  else if (seriesTotal !== undefined && seriesPerSecond > 0) {
    eta = Math.max(0, (seriesTotal - seriesDone - seriesFailed) / seriesPerSecond);
  }
  return {
    runId: h.runId ?? '',
    state,
    name: spec.name,
    scheduleId: h.scheduleId,
    store: spec.store ?? '',
    createdAt: iso(h.createdAt) ?? '',
    startedAt: iso(h.startedAt),
    finishedAt: iso(h.finishedAt),
    fromSeconds: num(h.fromSeconds),
    toSeconds: num(h.toSeconds),
    seriesTotal,
    shardsTotal: optNum(h.shardsTotal),
    shardsEnqueued: num(h.shardsEnqueued),
    shardsDone: num(h.shardsDone),
    shardsFailed: num(h.shardsFailed),
    seriesDone,
    seriesFailed,
    modelsWritten: models,
    modelsPerSecond: elapsed > 0 ? models / elapsed : 0,
    seriesPerSecond,
    etaSeconds: eta,
    stageSeconds: {
      source: num(h.stage_source),
      aggregate: num(h.stage_aggregate),
      fit: num(h.stage_fit),
      encode: num(h.stage_encode),
      store: num(h.stage_store),
    },
    error: h.error,
  };
}
