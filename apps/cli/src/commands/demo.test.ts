import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, startCli, waitFor } from '../testing-internal/cli-process.js';

// Drives the real `myriad demo` end to end (compiled CLI, real redis-server,
// worker processes, HTTP server) in a scratch working directory.
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function startDemo(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'myriad-demo-'));
  scratch.push(cwd);
  return startCli(['demo', '--scale', '60', '--port', '0', '--json', ...args], cwd);
}

function summaryOf(stdout: string) {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as {
    models: number;
    incidents: number;
    incidentsCaught: number;
    falseAlerts: number;
    pids: number[];
    url: string;
  };
}

function checkDemoOutput(stdout: string) {
  expect(stdout).toContain('Incident replay through POST /v1/series/{id}/score');
  expect(stdout).toMatch(/level shift/);
  expect(stdout).toMatch(/ALERT/);
  const summary = summaryOf(stdout);
  // 10 regions × 6 hosts × 2 metrics × 3 resolutions.
  expect(summary.models).toBe(360);
  expect(summary.incidentsCaught).toBe(summary.incidents);
  expect(summary.falseAlerts).toBe(0);
  expect(summary.pids.length).toBeGreaterThanOrEqual(2);
  return summary;
}

describe('myriad demo', () => {
  it('trains, serves, catches the incidents, and Ctrl-C leaves no process behind', async () => {
    const demo = startDemo([]);
    await waitFor(() => demo.stdout().includes('"pids"'), 150_000).catch(async (err) => {
      demo.child.kill('SIGKILL');
      const out = await demo.finished;
      throw new Error(`${err.message}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`);
    });
    const summary = checkDemoOutput(demo.stdout());
    expect(demo.stdout()).toContain('serving at');
    const health = await fetch(`${summary.url}/healthz`);
    expect(health.status).toBe(200);

    demo.child.kill('SIGINT');
    const out = await demo.finished;
    expect(out.code).toBe(0);
    await waitFor(() => summary.pids.every((pid) => !alive(pid)), 10_000);
    await expect(fetch(`${summary.url}/healthz`)).rejects.toThrow();
  }, 180_000);

  it('--exit-after-demo stops everything it started and exits 0', async () => {
    const demo = startDemo(['--exit-after-demo']);
    const out = await demo.finished;
    expect(out.code, out.stderr).toBe(0);
    const summary = checkDemoOutput(out.stdout);
    await waitFor(() => summary.pids.every((pid) => !alive(pid)), 10_000);
  }, 180_000);
});
