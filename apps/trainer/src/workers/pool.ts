import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenStoreOptions } from '@myriad/store';
import { TrainerError } from '../errors.js';
import type { JobPolicy } from '../queues.js';
import type { RunRetention } from '../run-state.js';

/** Options of one worker process: the serialisable part of `StartWorkerOptions`. */
export interface ChildWorkerOptions {
  /** Redis URL. */
  connection: string;
  prefix?: string;
  /** Shard jobs at once per process. Default: 2 (see `StartWorkerOptions.concurrency`). */
  concurrency?: number;
  store?: OpenStoreOptions;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  connectTimeoutMs?: number;
  retention?: RunRetention;
  jobs?: JobPolicy;
  processRuns?: boolean;
  processShards?: boolean;
  /** Log every run and shard failure to stderr as JSON lines. Default: errors only. */
  verbose?: boolean;
}

/** Options for {@link startWorkerPool}. */
export interface WorkerPoolOptions {
  /** Worker processes (fitting is CPU-bound: one per core). */
  processes: number;
  worker: ChildWorkerOptions;
  /** Start a replacement when a process dies unexpectedly. Default: true. */
  restart?: boolean;
}

/** Worker processes started by {@link startWorkerPool}. */
export interface WorkerPool {
  /** Process ids of the live workers. */
  pids(): number[];
  /** SIGTERM to every worker (each finishes its current shard), then waits for them to exit. */
  close(): Promise<void>;
  /** CPU seconds (user + system) reported by workers that exited cleanly (all of them after `close`). */
  cpuSeconds(): number;
}

/**
 * The compiled worker entry. From TypeScript sources (tests), the built copy
 * in `dist/` is used.
 * @throws TrainerError `INVALID_OPTIONS` when it has not been built.
 */
export function workerEntryPath(): string {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.ts')
    ? fileURLToPath(new URL('../../dist/workers/child-main.js', import.meta.url))
    : fileURLToPath(new URL('./child-main.js', import.meta.url));
  if (!existsSync(path)) {
    throw new TrainerError(
      'INVALID_OPTIONS',
      `worker entry ${path} is missing; build it: pnpm exec turbo run build --filter=@myriad/trainer...`,
    );
  }
  return path;
}

/**
 * Forks `processes` worker processes and resolves once each is connected.
 * @throws TrainerError `REDIS_UNAVAILABLE` (or the child's error) when a worker cannot start.
 */
export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const entry = workerEntryPath();
  const children = new Set<ChildProcess>();
  let closing = false;
  let cpuSeconds = 0;

  const spawnOne = (): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const child = fork(entry, [JSON.stringify(options.worker)], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        // Not the parent's flags: under a test runner they resolve workspaces to TypeScript sources.
        execArgv: [],
      });
      children.add(child);
      let ready = false;
      child.on('message', (message: { type?: string; message?: string; seconds?: number }) => {
        if (message.type === 'cpu') {
          cpuSeconds += message.seconds ?? 0;
        } else if (message.type === 'ready') {
          ready = true;
          resolve(child);
        } else if (message.type === 'error') {
          reject(
            new TrainerError('REDIS_UNAVAILABLE', message.message ?? 'worker failed to start'),
          );
        }
      });
      child.on('exit', (code, signal) => {
        children.delete(child);
        if (!ready) {
          reject(
            new TrainerError(
              'INVALID_OPTIONS',
              `worker process exited at start (${signal ?? code})`,
            ),
          );
        } else if (!closing && options.restart !== false) {
          setTimeout(() => {
            if (!closing) spawnOne().catch(() => undefined);
          }, 1000).unref();
        }
      });
    });

  try {
    await Promise.all(Array.from({ length: Math.max(1, options.processes) }, spawnOne));
  } catch (err) {
    closing = true;
    for (const child of children) child.kill('SIGTERM');
    throw err;
  }

  return {
    pids: () => [...children].map((c) => c.pid ?? 0),
    async close() {
      closing = true;
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
    cpuSeconds: () => cpuSeconds,
  };
}
