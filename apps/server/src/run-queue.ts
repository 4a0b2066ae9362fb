import type { RunStatus, TrainerClient } from '@myriad/trainer';
import type { RunQueue, RunStatusView } from './deps.js';
import { ApiError } from './errors.js';

/**
 * The run routes' queue over the trainer's client. Runs enqueued through the
 * server always write to the server's own store: a spec naming another store
 * is rejected (400), one naming none gets the server's.
 */
export function createTrainerRunQueue(client: TrainerClient, storeLocation: string): RunQueue {
  return {
    async enqueue(spec) {
      if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
        throw new ApiError('INVALID_REQUEST', 'run spec must be a JSON object');
      }
      const given = (spec as { store?: unknown }).store;
      if (given !== undefined && given !== storeLocation) {
        throw new ApiError(
          'INVALID_REQUEST',
          `store: runs enqueued through this server write to its store ${JSON.stringify(storeLocation)}; leave store out`,
        );
      }
      const { runId } = await client.enqueueRun({ ...spec, store: storeLocation });
      return { runId };
    },
    async get(runId) {
      const status = await client.getRun(runId);
      if (status === undefined) {
        throw new ApiError(
          'RUN_NOT_FOUND',
          `no run ${JSON.stringify(runId)} (unknown, or expired)`,
        );
      }
      return toView(status);
    },
  };
}

/** A run status in the API's snake_case, with undefined as null. */
export function toView(s: RunStatus): RunStatusView {
  return {
    run_id: s.runId,
    state: s.state,
    name: s.name ?? null,
    schedule_id: s.scheduleId ?? null,
    store: s.store,
    created_at: s.createdAt,
    started_at: s.startedAt ?? null,
    finished_at: s.finishedAt ?? null,
    from_seconds: s.fromSeconds,
    to_seconds: s.toSeconds,
    series_total: s.seriesTotal ?? null,
    shards_total: s.shardsTotal ?? null,
    shards_enqueued: s.shardsEnqueued,
    shards_done: s.shardsDone,
    shards_failed: s.shardsFailed,
    series_done: s.seriesDone,
    series_failed: s.seriesFailed,
    models_written: s.modelsWritten,
    models_per_second: s.modelsPerSecond,
    series_per_second: s.seriesPerSecond,
    eta_seconds: s.etaSeconds ?? null,
    stage_seconds: { ...s.stageSeconds },
    error: s.error ?? null,
  };
}
