/** Where a run is in its life. `completed` and `failed` and `cancelled` are final. */
export type RunState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** Seconds spent per stage, summed over every shard of a run (CPU time of workers, not wall time). */
export interface StageSeconds {
  /** Reading history from the data source. */
  source: number;
  /** Aggregating raw points to each resolution. */
  aggregate: number;
  /** Fitting the models. */
  fit: number;
  /** Turning fitted models into parameters (`model.params()`). */
  encode: number;
  /** `putMany`: compressing, checksumming and writing the artifacts. */
  store: number;
}

/** A run's progress as kept in Redis; what `GET /v1/runs/{id}` and `myriad runs status` show. */
export interface RunStatus {
  readonly runId: string;
  readonly state: RunState;
  /** The spec's name, if any. */
  readonly name: string | undefined;
  /** The job scheduler that started it, if any. */
  readonly scheduleId: string | undefined;
  /** Where the models go. */
  readonly store: string;
  /** ISO-8601 times. */
  readonly createdAt: string;
  readonly startedAt: string | undefined;
  readonly finishedAt: string | undefined;
  /** Training window, Unix seconds (`to` exclusive). */
  readonly fromSeconds: number;
  readonly toSeconds: number;
  /** Series in the run; undefined until the source has been enumerated (fleet specs know it at once). */
  readonly seriesTotal: number | undefined;
  /** Shards in the run; undefined until enumerated. */
  readonly shardsTotal: number | undefined;
  /** Shards added to the queue so far. */
  readonly shardsEnqueued: number;
  /** Shards finished (successfully or not). */
  readonly shardsDone: number;
  /** Shards that failed after their retries. */
  readonly shardsFailed: number;
  /** Series whose every model was written. */
  readonly seriesDone: number;
  /** Series with at least one failed model (see `failures`). */
  readonly seriesFailed: number;
  /** Models written to the store. */
  readonly modelsWritten: number;
  /** Models written per second since the run started (0 before). */
  readonly modelsPerSecond: number;
  /** Series finished per second since the run started. */
  readonly seriesPerSecond: number;
  /** Estimated seconds until done; undefined when unknown (not started, or total unknown). */
  readonly etaSeconds: number | undefined;
  /** Seconds per stage summed over shards. */
  readonly stageSeconds: StageSeconds;
  /** Why the run failed, when it did at run level. */
  readonly error: string | undefined;
}

/** A failure recorded for one series (or one whole shard) of a run. */
export interface RunFailure {
  /** The series (or `shard:<n>` for a shard that failed as a whole). */
  readonly seriesId: string;
  readonly shard: number;
  readonly error: string;
}

/** True for states a run never leaves. */
export function isFinalState(state: RunState): boolean {
  return state === 'completed' || state === 'failed' || state === 'cancelled';
}
