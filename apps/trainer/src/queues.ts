import { type ConnectionOptions, Queue } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { RunSpec } from './spec.js';

/** The queue of run jobs: each enumerates a fleet and adds shard jobs. */
export const RUN_QUEUE = 'train-runs';
/** The queue of shard jobs: each trains a few hundred series. */
export const SHARD_QUEUE = 'train-shards';
/** Default key prefix of queues and run state in Redis. */
export const DEFAULT_PREFIX = 'myriad';

/** A run job's payload. Scheduled runs carry no `runId`: it is derived from the job id. */
export interface RunJobData {
  readonly runId?: string;
  readonly scheduleId?: string;
  /** Set for scheduled runs (each occurrence creates its run from it). */
  readonly spec?: RunSpec;
}

/**
 * A shard job's payload: ids or a range, never series data. `start`/`count`
 * index the spec's fleet; `ids` list series of a source-enumerated run.
 */
export interface ShardJobData {
  readonly runId: string;
  readonly shard: number;
  readonly start?: number;
  readonly count?: number;
  readonly ids?: readonly string[];
}

/** Deterministic shard job id: re-adding the same shard of the same run is a no-op. */
export function shardJobId(runId: string, shard: number): string {
  return `${runId}.${shard}`;
}

/** Retry and retention settings of jobs. */
export interface JobPolicy {
  /** Attempts per shard (first try included). Default: 5. */
  shardAttempts?: number;
  /** First retry delay in ms; doubles each retry. Default: 2,000. */
  backoffMs?: number;
  /** Finished jobs kept (completed: count and age). Default: 1,000 jobs, 1 day. */
  keepCompleted?: { count: number; ageSeconds: number };
  /** Failed jobs kept. Default: 5,000 jobs, 7 days. */
  keepFailed?: { count: number; ageSeconds: number };
}

/** BullMQ job options for shards and runs under a {@link JobPolicy}. */
export function jobOptions(policy: JobPolicy = {}) {
  const completed = policy.keepCompleted ?? { count: 1000, ageSeconds: 86_400 };
  const failed = policy.keepFailed ?? { count: 5000, ageSeconds: 7 * 86_400 };
  const retention = {
    removeOnComplete: { count: completed.count, age: completed.ageSeconds },
    removeOnFail: { count: failed.count, age: failed.ageSeconds },
  };
  return {
    shard: {
      attempts: policy.shardAttempts ?? 5,
      backoff: { type: 'exponential', delay: policy.backoffMs ?? 2000 },
      ...retention,
    },
    run: {
      attempts: 3,
      backoff: { type: 'exponential', delay: policy.backoffMs ?? 2000 },
      ...retention,
    },
  };
}

/** The two queues of a trainer deployment. */
export interface TrainerQueues {
  readonly runs: Queue<RunJobData>;
  readonly shards: Queue<ShardJobData>;
  close(): Promise<void>;
}

/** Opens both queues under `prefix` (default {@link DEFAULT_PREFIX}). */
export function openQueues(
  redis: RedisOptions,
  prefix = DEFAULT_PREFIX,
  policy: JobPolicy = {},
): TrainerQueues {
  const options = jobOptions(policy);
  // ioredis' and BullMQ's option types differ only in typing detail; the object is ioredis'.
  const connection = redis as ConnectionOptions;
  const runs = new Queue<RunJobData>(RUN_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: options.run,
  });
  const shards = new Queue<ShardJobData>(SHARD_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: options.shard,
  });
  return {
    runs,
    shards,
    async close() {
      await Promise.all([runs.close(), shards.close()]);
    },
  };
}
