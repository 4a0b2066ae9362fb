// Entry of a cluster worker process (see cluster.ts): waits for its config
// over IPC, serves, and drains on the primary's shutdown message or a signal.
import { pino } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import type { PrimaryMessage, WorkerMessage } from './cluster.js';
import { startServerFromConfig } from './serve-config.js';

const send = (message: WorkerMessage) => process.send?.(message);

// Metrics of the whole cluster, from the primary (it polls every worker's registry).
let nextId = 0;
const waiting = new Map<
  number,
  { resolve: (text: string) => void; reject: (err: Error) => void }
>();
function clusterMetrics(): Promise<string> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('the primary did not answer with metrics in time'));
    }, 6000);
    waiting.set(id, {
      resolve: (text) => {
        clearTimeout(timer);
        resolve(text);
      },
      reject: (err) => {
        clearTimeout(timer);
        reject(err);
      },
    });
    send({ type: 'myriad:metrics', id });
  });
}

process.on('message', (message: PrimaryMessage) => {
  if (message.type === 'myriad:metrics') {
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.text !== undefined) pending?.resolve(message.text);
    else pending?.reject(new Error(message.error ?? 'no metrics'));
    return;
  }
  if (message.type === 'myriad:config') {
    const logger = pino({ level: message.config.logLevel, base: { pid: process.pid } });
    startServerFromConfig(message.config, logger, clusterMetrics).then(
      (server) => {
        // Answer the primary's AggregatorRegistry with this server's registry.
        AggregatorRegistry.setRegistries([server.metrics.registry]);
        new AggregatorRegistry();
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

send({ type: 'myriad:ready' });
