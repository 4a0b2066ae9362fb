import { resolve } from 'node:path';
import { startRedisServer } from '@myriad/store';
import { startWorkerPool } from '@myriad/trainer';
import { note } from './output.js';

/** The training queue's processes a command started for itself. */
export interface LocalQueue {
  /** The queue's Redis: the given one, or the private redis-server started. */
  readonly redisUrl: string;
  /** Process ids started (redis-server, workers). */
  pids(): number[];
  /** Stops the workers, then the private redis-server if one was started. Never throws. */
  stop(): Promise<void>;
}

/**
 * Starts `workers` training worker processes on `redisUrl`, or, when it is
 * undefined, on a private `redis-server` started first (data in
 * `.myriad/<redisDir>`). Notes what it started on stderr.
 */
export async function startLocalQueue(options: {
  redisUrl: string | undefined;
  redisDir: string;
  workers: number;
}): Promise<LocalQueue> {
  let redisUrl = options.redisUrl;
  const pids: number[] = [];
  let stopRedis = async () => {};
  if (redisUrl === undefined) {
    const redis = await startRedisServer({ dir: resolve('.myriad', options.redisDir) });
    stopRedis = () => redis.stop().catch(() => undefined);
    if (redis.process.pid !== undefined) pids.push(redis.process.pid);
    redisUrl = redis.url;
    note(`started redis-server on ${redisUrl} (data in .myriad/${options.redisDir})`);
  }
  try {
    const pool = await startWorkerPool({
      processes: options.workers,
      worker: { connection: redisUrl },
    });
    note(`started ${options.workers} training worker process(es)`);
    return {
      redisUrl,
      pids: () => [...pids, ...pool.pids()],
      stop: async () => {
        await pool.close().catch(() => undefined);
        await stopRedis();
      },
    };
  } catch (err) {
    await stopRedis();
    throw err;
  }
}
