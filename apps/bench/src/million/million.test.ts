import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMillionBench } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'myriad-million-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runMillionBench at a small scale', () => {
  it('trains every model through the queue, then serves them with no errors', async () => {
    const result = await runMillionBench({
      regions: 2,
      hostsPerRegion: 10,
      metrics: 2,
      workers: 1,
      serverWorkers: 1,
      cacheBytes: 4 * 2 ** 20,
      serveSeconds: 2,
      connections: 4,
      dir: join(dir, 'work'),
    });
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
  }, 120_000);
});
