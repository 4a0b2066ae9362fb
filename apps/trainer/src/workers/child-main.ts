/**
 * Entry of one worker process (forked by {@link startWorkerPool}, or run as
 * `node dist/workers/child-main.js '<json options>'`). Options arrive as JSON
 * in argv[2]: {@link ChildWorkerOptions}. SIGTERM/SIGINT close gracefully (the
 * current shard finishes); losing the parent closes too.
 */

import type { ChildWorkerOptions } from './pool.js';
import { startWorker } from './worker.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ChildWorkerOptions;
const verbose = options.verbose === true;
const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
  if (verbose || level === 'error') {
    process.stderr.write(`${JSON.stringify({ level, pid: process.pid, message, ...fields })}\n`);
  }
};

try {
  const worker = await startWorker({
    ...options,
    logger: { info: write('info'), warn: write('warn'), error: write('error') },
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.close();
    // CPU time spent, for benchmarks that must not trust wall time on a busy machine.
    const cpu = process.cpuUsage();
    if (process.connected) {
      await new Promise<void>((resolve) =>
        process.send?.({ type: 'cpu', seconds: (cpu.user + cpu.system) / 1e6 }, () => resolve()),
      );
    }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  process.send?.({ type: 'ready', pid: process.pid });
} catch (err) {
  process.stderr.write(`myriad worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.send?.({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
