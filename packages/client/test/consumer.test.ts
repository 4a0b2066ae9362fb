import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Packs @myriad/client as it would be published, installs the tarball with
// plain npm into a project outside the workspace (so @myriad/server is not
// there), type-checks a consumer against it and runs it with node. Needs dist/.
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'myriad-client-consumer-'));
const require = createRequire(import.meta.url);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('@myriad/client as a published package', () => {
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
    const pins = ['typescript', '@types/node'].map((name) => `${name}@${versionOf(name)}`);
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', join(work, tarball as string), ...pins],
      project,
    );
    run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);

    const out = JSON.parse(run(process.execPath, ['dist/main.js'], project));
    expect(out).toEqual({
      badUrl: true,
      network: '0:NETWORK',
      url: '/v1/models/a%2Fb%401m/predict',
    });
  }, 180_000);
});
