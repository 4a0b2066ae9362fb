import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KindRegistry } from '@myriad/core';
import { NabError } from './errors.js';
import { type ReplayTask, type ReplayTaskOutcome, runReplayTask } from './replay-task.js';

type WorkerReply =
  | { ok: true; outcome: ReplayTaskOutcome }
  | { ok: false; id: number; code?: string; message: string };

/**
 * Runs replay tasks on `threads` worker threads (each takes the next task as
 * it finishes one; callers order tasks largest first), or in this thread when
 * `threads` ≤ 1 or the compiled worker is not there (running from TypeScript
 * source, as in tests). Calls `onDone` per finished task.
 * @throws NabError `INVALID_OPTIONS` carrying the first failed task's message; other tasks stop.
 */
export async function runReplayTasks(
  tasks: readonly ReplayTask[],
  options: {
    readonly threads: number;
    readonly registry: KindRegistry;
    readonly onDone: (outcome: ReplayTaskOutcome) => void | Promise<void>;
  },
): Promise<void> {
  const workerFile = fileURLToPath(new URL('./replay-worker.js', import.meta.url));
  if (options.threads <= 1 || !existsSync(workerFile)) {
    for (const task of tasks) await options.onDone(runReplayTask(task, options.registry));
    return;
  }
  let next = 0;
  let failed: Error | null = null;
  const runOne = (worker: Worker): Promise<void> =>
    new Promise<void>((resolve) => {
      const step = (): void => {
        if (failed !== null || next >= tasks.length) {
          resolve();
          return;
        }
        worker.postMessage(tasks[next++]);
      };
      worker.on('message', (reply: WorkerReply) => {
        if (!reply.ok) {
          failed ??= new NabError(
            'INVALID_OPTIONS',
            `replay task ${reply.id} failed: ${reply.code ?? 'Error'}: ${reply.message}`,
          );
          resolve();
          return;
        }
        Promise.resolve(options.onDone(reply.outcome)).then(step, (err: unknown) => {
          failed ??= err as Error;
          resolve();
        });
      });
      worker.on('error', (err) => {
        failed ??= err;
        resolve();
      });
      step();
    });
  const workers = Array.from(
    { length: Math.min(options.threads, tasks.length) },
    () => new Worker(workerFile),
  );
  try {
    await Promise.all(workers.map(runOne));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failed !== null) throw failed;
}
