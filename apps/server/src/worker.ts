// Entry of a cluster worker process (see cluster.ts): waits for its config
// over IPC, serves, and drains on the primary's shutdown message or a signal.
import { pino } from 'pino';
import type { PrimaryMessage, WorkerMessage } from './cluster.js';
import { startServerFromConfig } from './serve-config.js';

const send = (message: WorkerMessage) => process.send?.(message);

process.on('message', (message: PrimaryMessage) => {
  if (message.type === 'myriad:config') {
    const logger = pino({ level: message.config.logLevel, base: { pid: process.pid } });
    startServerFromConfig(message.config, logger).then(
      (server) => {
        send({ type: 'myriad:listening', url: server.url });
        let stopping = false;
        const stop = () => {
          if (stopping) return;
          stopping = true;
          server.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.on('message', (m: PrimaryMessage) => {
          if (m.type === 'myriad:shutdown') stop();
        });
        // The primary forwards nothing on Ctrl-C; the terminal signals the whole group.
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
        process.on('disconnect', stop);
      },
      (err: unknown) => {
        send({ type: 'myriad:failed', message: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  }
});
