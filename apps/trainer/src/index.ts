// Public API of @myriad/trainer. Named exports only; internals stay unexported.
export {
  createTrainerClient,
  type RunSchedule,
  type TrainerClient,
  type TrainerClientOptions,
  type WaitOptions,
} from './client.js';
export { describeConnection, redisOptions, type TrainerConnection } from './connection.js';
export { parseDurationSeconds } from './duration.js';
export { isTrainerError, TrainerError, type TrainerErrorCode } from './errors.js';
export { createFleetIndex, type FleetIndex, hostName } from './fleet.js';
export {
  DEFAULT_PREFIX,
  type JobPolicy,
  openQueues,
  RUN_QUEUE,
  SHARD_QUEUE,
  type TrainerQueues,
} from './queues.js';
export type { RunRetention } from './run-state.js';
export {
  isFinalState,
  type RunFailure,
  type RunState,
  type RunStatus,
  type StageSeconds,
} from './run-status.js';
export { type CsvSourceOptions, createCsvSource, seriesIdFromPath } from './sources/csv/index.js';
export { openSource } from './sources/open-source.js';
export type { DataSource, SeriesPoints } from './sources/source.js';
export {
  createSyntheticSource,
  DEFAULT_SYNTHETIC_FLEET,
  type Incident,
  type IncidentKind,
  type InjectedIncident,
  type SyntheticSeries,
  type SyntheticSeriesOptions,
  type SyntheticSource,
  type SyntheticSourceOptions,
  syntheticIncidents,
  syntheticSeries,
} from './sources/synthetic/index.js';
export {
  type FleetSpec,
  type ParseRunSpecOptions,
  parseRunSpec,
  parseRunSpecText,
  type RunSpec,
  type RunSpecInput,
  readSpecDocument,
  type SourceSpec,
} from './spec.js';
export {
  type ChildWorkerOptions,
  startWorkerPool,
  type WorkerPool,
  type WorkerPoolOptions,
  workerEntryPath,
} from './workers/pool.js';
export {
  type StartWorkerOptions,
  startWorker,
  type TrainerWorker,
  type WorkerLogger,
} from './workers/worker.js';
