import { TrainerError } from '../errors.js';
import { createFleetIndex } from '../fleet.js';
import type { RunJobData, ShardJobData } from '../queues.js';
import { fleetPlan, runWindow } from '../run-plan.js';
import type { RunStateStore } from '../run-state.js';
import type { RunState } from '../run-status.js';
import type { DataSource } from '../sources/source.js';
import type { SourceSpec } from '../spec.js';

/** What {@link processRunJob} needs. */
export interface RunJobDeps {
  readonly state: RunStateStore;
  /** The data source of a spec (for runs without a fleet, which list their source). */
  openSource(spec: SourceSpec, alignToLatest: boolean): DataSource;
  /** Adds shard jobs in one batch (BullMQ `addBulk` with deterministic job ids). */
  addShards(shards: readonly ShardJobData[]): Promise<void>;
  /** Shards per `addShards` call. Default: 200. */
  readonly shardsPerBatch?: number;
}

/** The outcome of a run job. */
export interface RunJobResult {
  readonly runId: string;
  readonly state: RunState | undefined;
  readonly shards: number;
  readonly series: number;
}

/**
 * Derives the run id of a scheduled occurrence from its BullMQ job id
 * (`repeat:<scheduler>:<millis>` → `<scheduler>-<millis>`), so a retried
 * occurrence keeps its run.
 */
export function scheduledRunId(jobId: string, scheduleId: string): string {
  const millis = jobId.split(':').pop() ?? String(Date.now());
  return `${scheduleId}-${millis}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * Enumerates a run's fleet lazily and adds its shard jobs in batches. A fleet
 * spec becomes index ranges; otherwise the source's listing is cut into shards
 * of ids. Resumes after the shards a previous attempt already added; stops
 * adding when the run is cancelled. Memory: one batch of shards.
 * @throws TrainerError `RUN_NOT_FOUND` (not retryable) when the run has no state and no spec.
 */
export async function processRunJob(
  data: RunJobData,
  jobId: string,
  deps: RunJobDeps,
): Promise<RunJobResult> {
  let runId = data.runId;
  if (runId === undefined) {
    if (data.scheduleId === undefined || data.spec === undefined) {
      throw new TrainerError('RUN_NOT_FOUND', `run job ${jobId} names no run and carries no spec`);
    }
    runId = scheduledRunId(jobId, data.scheduleId);
    const spec = data.spec;
    await deps.state.create({
      runId,
      spec,
      scheduleId: data.scheduleId,
      ...runWindow(spec),
      ...fleetPlan(spec),
    });
  }
  const context = await deps.state.context(runId);
  if (context === undefined)
    throw new TrainerError('RUN_NOT_FOUND', `run ${runId} has no state (expired or deleted)`);
  const started = await deps.state.start(runId);
  if (started !== 'running') return { runId, state: started, shards: 0, series: 0 };

  const { spec } = context;
  const batch = deps.shardsPerBatch ?? 200;
  const status = await deps.state.get(runId);
  const resumeAt = status?.shardsEnqueued ?? 0;
  let pending: ShardJobData[] = [];
  let shards = 0;
  let cancelled = false;

  const flush = async () => {
    if (pending.length === 0) return;
    await deps.addShards(pending);
    pending = [];
    await deps.state.setEnqueued(runId, shards);
    if ((await deps.state.state(runId)) === 'cancelled') cancelled = true;
  };

  if (spec.fleet !== undefined) {
    const size = createFleetIndex(spec.fleet).size;
    const total = Math.ceil(size / spec.shardSize);
    for (shards = resumeAt; shards < total && !cancelled; ) {
      const start = shards * spec.shardSize;
      pending.push({ runId, shard: shards, start, count: Math.min(spec.shardSize, size - start) });
      shards++;
      if (pending.length >= batch) await flush();
    }
    await flush();
    if (cancelled) return { runId, state: 'cancelled', shards, series: size };
    const state = await deps.state.setEnumerated(runId, total, size);
    return { runId, state, shards: total, series: size };
  }

  const source = deps.openSource(spec.source, spec.to === undefined);
  let series = 0;
  let ids: string[] = [];
  let shard = 0;
  for await (const id of source.listSeries()) {
    series++;
    if (shard >= resumeAt) ids.push(id);
    if (series % spec.shardSize === 0) {
      if (shard >= resumeAt) {
        pending.push({ runId, shard, ids });
        shards = shard + 1;
      }
      ids = [];
      shard++;
      if (pending.length >= batch) await flush();
      if (cancelled) break;
    }
  }
  if (!cancelled && ids.length > 0) {
    pending.push({ runId, shard, ids });
    shard++;
    shards = shard;
  }
  await flush();
  if (cancelled) return { runId, state: 'cancelled', shards, series };
  const state = await deps.state.setEnumerated(runId, shard, series);
  return { runId, state, shards: shard, series };
}
