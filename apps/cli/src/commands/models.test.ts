import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@myriad/store';
import { sampleParams } from '@myriad/store/testing';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerModels } from './models.js';

async function run(args: string[]): Promise<{ stdout: string[]; stderr: string }> {
  const stdout: string[] = [];
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(
      ...String(chunk)
        .split('\n')
        .filter((l) => l !== ''),
    );
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const program = new Command('myriad').exitOverride();
    registerModels(program);
    await program.parseAsync(['node', 'myriad', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr };
}

function lastJson(lines: string[]): unknown {
  return JSON.parse(lines[lines.length - 1] as string);
}

describe('myriad models', () => {
  let root: string;
  let location: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'myriad-cli-models-'));
    location = `fs:${root}`;
    const store = await openStore(location, { fsync: false });
    await store.putMany([
      { modelId: 'eu/h1/cpu@1m', params: sampleParams(1), runId: 'run-1' },
      { modelId: 'eu/h1/cpu@1h', params: sampleParams(2), runId: 'run-1' },
      { modelId: 'eu/h2/cpu@1h', params: { ...sampleParams(3), kind: 'other' }, runId: 'run-1' },
    ]);
    await store.put({ modelId: 'eu/h1/cpu@1m', params: sampleParams(4), runId: 'run-2' });
    await store.close();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('gets, lists versions and stats with --json', async () => {
    const got = lastJson(
      (await run(['models', '--store', location, '--json', 'get', 'eu/h1/cpu@1m'])).stdout,
    );
    expect(got).toMatchObject({
      modelId: 'eu/h1/cpu@1m',
      version: 2,
      runId: 'run-2',
      kind: 'sample',
    });
    const versions = lastJson(
      (await run(['models', '--store', location, '--json', 'versions', 'eu/h1/cpu@1m'])).stdout,
    );
    expect((versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const stats = lastJson(
      (await run(['models', '--store', location, '--json', 'stats'])).stdout,
    ) as {
      models: number;
      groups: { kind: string; resolution: string; models: number; bytes: number }[];
    };
    expect(stats.models).toBe(3);
    expect(stats.groups.map((g) => [g.kind, g.resolution, g.models])).toEqual([
      ['other', '1h', 1],
      ['sample', '1h', 1],
      ['sample', '1m', 1],
    ]);
    expect(stats.groups.every((g) => g.bytes > 0)).toBe(true);
    const list = lastJson(
      (await run(['models', '--store', location, '--json', 'list', 'eu/h1/'])).stdout,
    );
    expect((list as string[]).sort()).toEqual(['eu/h1/cpu@1h', 'eu/h1/cpu@1m']);
  });

  it('rolls back one model, then a whole run', async () => {
    const one = lastJson(
      (await run(['models', '--store', location, '--json', 'rollback', 'eu/h1/cpu@1m'])).stdout,
    );
    expect(one).toEqual({ modelId: 'eu/h1/cpu@1m', from: 2, to: 1 });
    const all = lastJson(
      (await run(['models', '--store', location, '--json', 'rollback', '--run', 'run-1'])).stdout,
    );
    expect(all).toEqual({ runId: 'run-1', models: 3, rolledBack: 3, skipped: 0 });
    const stats = lastJson((await run(['models', '--store', location, '--json', 'stats'])).stdout);
    expect(stats).toMatchObject({ models: 0, bytes: 0 });
  });

  it('fails with a message naming the problem', async () => {
    await expect(run(['models', '--store', location, 'get', 'eu/none/cpu@1m'])).rejects.toThrow(
      /not stored/,
    );
    await expect(run(['models', '--store', location, 'get', '../x@1m'])).rejects.toThrow(
      /relative segment/,
    );
    await expect(run(['models', '--store', location, 'rollback'])).rejects.toThrow(
      /either a model id or --run/,
    );
    await expect(run(['models', '--store', 'ftp://x', 'stats'])).rejects.toThrow(/fs: or redis:/);
    await expect(run(['models', '--store', location, 'rollback', 'eu/h1/cpu@1h'])).rejects.toThrow(
      /no previous version/,
    );
  });
});
