import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleetIndex } from '@myriad/trainer';
import { afterAll, describe, expect, it } from 'vitest';
import {
  alive,
  type CliProcess,
  descendants,
  startCli,
  waitFor,
} from '../testing-internal/cli-process.js';

// `myriad serve` with no Redis URL: its private redis-server and training
// worker make POST /v1/runs work end to end, and SIGTERM stops all of them.
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function startServe(args: string[]): { serve: CliProcess; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'myriad-serve-'));
  scratch.push(cwd);
  const serve = startCli(
    ['serve', '--store', 'fs:./models', '--port', '0', '--no-log-requests', ...args],
    cwd,
  );
  return { serve, cwd };
}

async function listening(serve: CliProcess): Promise<string> {
  let url = '';
  await waitFor(() => {
    url = /listening on (http:\/\/\S+)/.exec(serve.stderr())?.[1] ?? '';
    return url !== '';
  }, 60_000).catch(async (err: Error) => {
    serve.child.kill('SIGKILL');
    const out = await serve.finished;
    throw new Error(`${err.message}\nstderr:\n${out.stderr}`);
  });
  return url;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('myriad serve', () => {
  it('without --redis trains runs posted over HTTP and stops everything on SIGTERM', async () => {
    const { serve } = startServe(['--workers', '1']);
    const url = await listening(serve);
    const started = descendants(serve.child.pid as number);
    // The private redis-server and one training worker, at least.
    expect(started.length).toBeGreaterThanOrEqual(2);

    const fleet = { regions: ['r1'], hostsPerRegion: 2, metrics: ['cpu'] };
    const created = await fetch(`${url}/v1/runs`, json({ fleet, history: '2d' }));
    expect(created.status).toBe(202);
    const { run_id } = (await created.json()) as { run_id: string };
    // Up to 90 s for the run to finish.
    let state = '';
    for (let i = 0; i < 900 && state !== 'completed' && state !== 'failed'; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${url}/v1/runs/${run_id}`);
      state = ((await res.json()) as { state: string }).state;
    }
    expect(state).toBe('completed');

    const seriesId = createFleetIndex(fleet).seriesAt(1);
    const now = Math.floor(Date.now() / 60_000) * 60;
    const predicted = await fetch(
      `${url}/predict`,
      json({ model_id: `${seriesId}@15m`, datapoints: [{ timestamp: now, value: 50 }] }),
    );
    expect(predicted.status).toBe(200);
    expect(((await predicted.json()) as { anomaly_scores: number[] }).anomaly_scores).toHaveLength(
      1,
    );

    serve.child.kill('SIGTERM');
    const out = await serve.finished;
    expect(out.code, out.stderr).toBe(0);
    await waitFor(() => started.every((pid) => !alive(pid)), 15_000);
  }, 150_000);

  it('--no-queue starts no redis-server, and the run routes say the queue is off', async () => {
    const { serve } = startServe(['--workers', '1', '--no-queue']);
    const url = await listening(serve);
    expect(descendants(serve.child.pid as number)).toEqual([]);
    const res = await fetch(
      `${url}/v1/runs`,
      json({ fleet: { regions: ['r1'], hostsPerRegion: 1, metrics: ['cpu'] } }),
    );
    expect(res.status).toBe(503);
    serve.child.kill('SIGTERM');
    expect((await serve.finished).code).toBe(0);
  }, 60_000);
});
