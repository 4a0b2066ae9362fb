import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Packs @myriad/core as it would be published, installs the tarball with plain
// npm into a project outside the workspace, type-checks a consumer against it
// and runs it with node. Needs dist/ (turbo builds it before `test`).
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'myriad-consumer-'));
const require = createRequire(import.meta.url);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('@myriad/core as a published package', () => {
  it('packs, installs with npm, type-checks and runs in an outside project', () => {
    run('pnpm', ['pack', '--pack-destination', work], packageDir);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = join(work, 'project');
    cpSync(join(packageDir, 'test', 'consumer'), project, { recursive: true });
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    // Plain npm, the same TypeScript and Node types as the workspace (from the npm registry).
    const pins = ['typescript', '@types/node'].map((name) => `${name}@${versionOf(name)}`);
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', join(work, tarball as string), ...pins],
      project,
    );
    run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);

    const out = JSON.parse(run(process.execPath, ['dist/main.js'], project));
    expect(out.kind).toBe('seasonal');
    expect(out.spike).toBeGreaterThanOrEqual(0.99);
    expect(out.cleanMax).toBeLessThan(0.99);
    expect(out.restoredSpike).toBe(out.spike);
  }, 120_000);
});
