import { performance } from 'node:perf_hooks';
import {
  formatModelId,
  isMyriadError,
  type KindRegistry,
  MyriadError,
  parseResolution,
} from '@myriad/core';
import type { ModelStore, PutEntry } from '@myriad/store';
import { TrainerError } from '../errors.js';
import { createFleetIndex } from '../fleet.js';
import type { ShardJobData } from '../queues.js';
import type { RunContext, RunStateStore, ShardOutcome } from '../run-state.js';
import type { RunFailure, StageSeconds } from '../run-status.js';
import type { DataSource } from '../sources/source.js';
import type { SourceSpec } from '../spec.js';
import { aggregateCascade, type Buckets } from './cascade.js';

/** The kind fitted at a resolution when the spec names none (core's ensemble default). */
export const DEFAULT_KIND = 'seasonal';

/** What {@link processShardJob} needs. */
export interface ShardJobDeps {
  readonly state: RunStateStore;
  readonly registry: KindRegistry;
  /** A run's context (callers may cache it: it does not change except for `state`). */
  context(runId: string): Promise<RunContext | undefined>;
  openSource(spec: SourceSpec, alignToLatest: boolean): DataSource;
  openStore(location: string): Promise<ModelStore>;
  /**
   * True when an earlier attempt of this shard may have written models: they
   * are then looked up and not written twice (one version per model per run).
   */
  readonly retried: boolean;
}

/** The outcome of a shard job. */
export interface ShardJobResult extends Omit<ShardOutcome, 'failures'> {
  /** Why nothing was done: the run was cancelled or is gone, or the shard was already counted. */
  readonly skipped?: 'cancelled' | 'finished' | 'duplicate';
  readonly failures: number;
}

/** Series fitted between yields to the event loop (about 50 ms of work on a busy core). */
const YIELD_EVERY = 16;

const ZERO_STAGES: StageSeconds = { source: 0, aggregate: 0, fit: 0, encode: 0, store: 0 };

/**
 * Trains one shard: fetches the history of its series in one batch, aggregates
 * each to every resolution of the run, fits, and writes every model with one
 * `putMany` tagged with the run id. A series that fails (no history, too little
 * data) is recorded with its error and does not fail the shard; errors of the
 * source or the store as a whole are thrown for the caller to retry.
 * @throws TrainerError `RUN_NOT_FOUND` (not retryable) when the run has no state.
 */
export async function processShardJob(
  data: ShardJobData,
  deps: ShardJobDeps,
): Promise<ShardJobResult> {
  const context = await deps.context(data.runId);
  if (context === undefined) {
    throw new TrainerError(
      'RUN_NOT_FOUND',
      `run ${data.runId} of shard ${data.shard} has no state (expired or deleted)`,
    );
  }
  const live = await deps.state.state(data.runId);
  if (live !== 'running' && live !== 'queued') {
    return skip(live === 'cancelled' ? 'cancelled' : 'finished');
  }
  if (await deps.state.isShardDone(data.runId, data.shard)) return skip('duplicate');

  const { spec } = context;
  const ids =
    data.ids ??
    createFleetIndex(spec.fleet ?? { regions: [], metrics: [], hostsPerRegion: 1 }).range(
      data.start ?? 0,
      data.count ?? 0,
    );
  // Finest first: the cascade builds each resolution from the one below.
  const plan = spec.resolutions
    .map((r) => ({
      resolution: parseResolution(r.resolution),
      kind: deps.registry.get(r.kind ?? DEFAULT_KIND),
    }))
    .sort((a, b) => a.resolution.seconds - b.resolution.seconds);
  const resolutions = plan.map((p) => p.resolution);
  const stages: StageSeconds = { ...ZERO_STAGES };
  const failures: RunFailure[] = [];
  const failed = new Set<string>();
  const fail = (seriesId: string, err: unknown) => {
    failed.add(seriesId);
    failures.push({
      seriesId,
      shard: data.shard,
      error: err instanceof Error ? err.message : String(err),
    });
  };

  let t = performance.now();
  const histories = await deps
    .openSource(spec.source, spec.to === undefined)
    .fetchHistory(ids, context.fromSeconds, context.toSeconds);
  stages.source += lap();

  const entries: PutEntry[] = [];
  for (let i = 0; i < ids.length; i++) {
    // Fitting is synchronous: yield now and then so BullMQ can renew the shard's lock.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const seriesId = ids[i] as string;
    const history = histories[i];
    if (history === undefined || history instanceof Error) {
      fail(seriesId, history ?? new Error('source returned no history'));
      continue;
    }
    t = performance.now();
    let levels: Buckets[];
    try {
      levels = aggregateCascade(history, resolutions, inferStep(history.timestamps) ?? 0);
    } catch (err) {
      if (!isMyriadError(err)) throw err;
      fail(seriesId, err);
      continue;
    }
    stages.aggregate += lap();
    for (let r = 0; r < plan.length; r++) {
      const { resolution, kind } = plan[r] as (typeof plan)[number];
      const level = levels[r] as Buckets;
      try {
        t = performance.now();
        if (level.timestamps.length === 0) {
          throw new MyriadError(
            'INSUFFICIENT_DATA',
            `no complete ${resolution.text} bucket in the history`,
          );
        }
        const model = kind.fit(level, { stepSeconds: resolution.seconds });
        stages.fit += lap();
        const params = model.params();
        stages.encode += lap();
        entries.push({ modelId: formatModelId(seriesId, resolution), params, runId: data.runId });
      } catch (err) {
        if (!isMyriadError(err)) throw err;
        fail(seriesId, new Error(`${seriesId}@${resolution.text}: ${err.message}`));
      }
    }
  }

  t = performance.now();
  const store = await deps.openStore(spec.store);
  const toWrite = deps.retried ? await notYetWritten(store, entries, data.runId) : entries;
  if (toWrite.length > 0) await store.putMany(toWrite);
  stages.store += lap();

  const outcome: ShardOutcome = {
    seriesDone: ids.length - failed.size,
    seriesFailed: failed.size,
    modelsWritten: entries.length,
    shardFailed: false,
    failures,
    stageSeconds: stages,
  };
  const counted = await deps.state.finishShard(data.runId, data.shard, outcome);
  return {
    ...outcome,
    failures: failures.length,
    ...(counted ? {} : { skipped: 'duplicate' as const }),
  };

  function lap(): number {
    const now = performance.now();
    const seconds = (now - t) / 1000;
    t = now;
    return seconds;
  }
}

function skip(reason: 'cancelled' | 'finished' | 'duplicate'): ShardJobResult {
  return {
    skipped: reason,
    seriesDone: 0,
    seriesFailed: 0,
    modelsWritten: 0,
    shardFailed: false,
    failures: 0,
    stageSeconds: ZERO_STAGES,
  };
}

/** Entries whose model has no version from this run yet (a retried shard must not add a second one). */
async function notYetWritten(
  store: ModelStore,
  entries: PutEntry[],
  runId: string,
): Promise<PutEntry[]> {
  const metas = await Promise.all(entries.map((e) => store.stat(e.modelId)));
  return entries.filter((_, i) => metas[i]?.runId !== runId);
}

/** Median spacing of the first few points, so `aggregate` need not infer it per resolution. */
function inferStep(ts: ArrayLike<number>): number | undefined {
  const n = Math.min(ts.length, 17);
  if (n < 2) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < n; i++) gaps.push((ts[i] as number) - (ts[i - 1] as number));
  gaps.sort((a, b) => a - b);
  const step = gaps[gaps.length >> 1] as number;
  return step > 0 ? step : undefined;
}
