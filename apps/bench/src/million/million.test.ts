import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMillionBench } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'myriad-million-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runMillionBench at a small scale', () => {
  const small = {
    regions: 2,
    hostsPerRegion: 10,
    metrics: 2,
    workers: 1,
    serverWorkers: 1,
    cacheBytes: 4 * 2 ** 20,
    serveSeconds: 2,
    connections: 4,
    dir: join(dir, 'work'),
  };

  it('trains every model through the queue, then serves them with no errors', async () => {
    const result = await runMillionBench(small);
    expect(result.reusedStore).toBe(false);
    expect(result.halfRateRounds).toHaveLength(3);
    expect(result.syncSeconds).toBeGreaterThanOrEqual(0);
    expect(result.warmSeconds).toBeGreaterThanOrEqual(0);
    expect(result.models).toBe(2 * 10 * 2 * 3);
    expect(result.modelsFailed).toBe(0);
    expect(result.storeBytes).toBeGreaterThan(0);
    expect(result.bytesPerModel).toBeGreaterThan(100);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    expect(result.serverProcesses).toBeGreaterThanOrEqual(1);
    expect(result.serverRssBytes).toBeGreaterThan(0);
    expect(result.cacheHitRatio).toBeGreaterThan(0.5);
    expect(result.dir).toBe(join(dir, 'work'));

    // Serving the kept store again: no training, the first run's training figures.
    const again = await runMillionBench({ ...small, reuse: true });
    expect(again.reusedStore).toBe(true);
    expect(again.models).toBe(result.models);
    expect(again.trainSeconds).toBe(result.trainSeconds);
    expect(again.storeBytes).toBe(result.storeBytes);
    expect(again.errors).toBe(0);
    expect(again.requests).toBeGreaterThan(0);
  }, 120_000);

  it('refuses to reuse a store that is missing or was trained for another fleet', async () => {
    await expect(
      runMillionBench({ ...small, reuse: true, dir: join(dir, 'nothing-here') }),
    ).rejects.toThrow(/no kept store to reuse/);
    await expect(runMillionBench({ ...small, hostsPerRegion: 11, reuse: true })).rejects.toThrow(
      /another fleet/,
    );
  });
});
