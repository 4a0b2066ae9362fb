// Worker-thread entry of the NAB evaluation: runs replay tasks sent by the main thread.
import { parentPort } from 'node:worker_threads';
import { createDefaultRegistry } from '@myriad/core';
import { type ReplayTask, runReplayTask } from './replay-task.js';

const registry = createDefaultRegistry();

parentPort?.on('message', (task: ReplayTask) => {
  try {
    const outcome = runReplayTask(task, registry);
    parentPort?.postMessage({ ok: true, outcome }, [
      outcome.scores.buffer as ArrayBuffer,
      ...outcome.memberScores.map((s) => s.buffer as ArrayBuffer),
    ]);
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    parentPort?.postMessage({
      ok: false,
      id: task.id,
      code: typeof e.code === 'string' ? e.code : undefined,
      message: typeof e.message === 'string' ? e.message : String(err),
    });
  }
});
