import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { openStore } from '@myriad/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCluster } from './cluster.js';
import { datapoints, fillStore, quietLogger, SERIES, tempStoreDir } from './testing/fixtures.js';
import { loopbackConfig } from './testing-internal/config.js';
import { expectPredictOverSocket } from './testing-internal/http.js';

// Real worker processes (the built dist/worker.js) sharing one loopback port.

let location: string;
let cleanup: () => void;

beforeAll(async () => {
  const dir = tempStoreDir();
  location = dir.location;
  cleanup = dir.cleanup;
  const store = await openStore(location);
  await fillStore(store);
  await store.close();
});

afterAll(() => cleanup());

/** The command line of every live cluster worker. */
function workerArgv(): string[][] {
  return Object.values(cluster.workers ?? {}).map((w) =>
    readFileSync(`/proc/${w?.process.pid}/cmdline`, 'utf8').split('\0'),
  );
}

async function start(singleThreadedGc: boolean, heapGrowingPercent?: number) {
  return serveCluster({
    ...loopbackConfig(location),
    workers: 2,
    singleThreadedGc,
    ...(heapGrowingPercent === undefined ? {} : { heapGrowingPercent }),
    logger: quietLogger,
  });
}

describe('serveCluster', () => {
  it('rejects a heap growing percent that is not an integer from 0 to 1000', async () => {
    for (const bad of [-1, 1.5, 1001, Number.NaN])
      await expect(start(true, bad)).rejects.toThrow(/heapGrowingPercent/);
    expect(Object.keys(cluster.workers ?? {})).toHaveLength(0);
  });

  it('serves predictions from every worker, each with single-threaded GC when asked', async () => {
    const running = await start(true);
    try {
      const argv = workerArgv();
      expect(argv).toHaveLength(2);
      for (const a of argv) expect(a).toContain('--single-threaded-gc');
      for (const a of argv) expect(a).toContain('--heap-growing-percent=200');
      await expectPredictOverSocket(running.url, `${SERIES[0]}@1m`, datapoints(5));
    } finally {
      await running.close();
    }
    expect(Object.keys(cluster.workers ?? {})).toHaveLength(0);
  });

  it('leaves V8 its GC helper threads and its own heap growing when told to', async () => {
    const running = await start(false, 0);
    try {
      const argv = workerArgv();
      expect(argv).toHaveLength(2);
      for (const a of argv) expect(a).not.toContain('--single-threaded-gc');
      for (const a of argv)
        expect(a.some((x) => x.startsWith('--heap-growing-percent'))).toBe(false);
    } finally {
      await running.close();
    }
  });
});
