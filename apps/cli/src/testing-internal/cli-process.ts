import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rawEnvironment } from '../env.js';

// Test helpers that drive the compiled CLI (dist/main.js) as a real process.

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** What a finished CLI process printed. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `myriad …` process, its output so far, and its end. */
export interface CliProcess {
  child: ChildProcess;
  finished: Promise<Finished>;
  stdout: () => string;
  stderr: () => string;
}

/**
 * Runs `node dist/main.js …args` in `cwd` with CI=1 (no progress bars) and
 * `env` added; a MYRIAD_REDIS_URL of the caller's environment is not passed on.
 */
export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliProcess {
  if (!existsSync(main))
    throw new Error(`${main} is missing: pnpm exec turbo run build --filter=@myriad/cli...`);
  const { MYRIAD_REDIS_URL: _unset, ...inherited } = rawEnvironment();
  const child = spawn(process.execPath, [main, ...args], {
    cwd,
    env: { ...inherited, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const finished = new Promise<Finished>((resolve) => {
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, finished, stdout: () => stdout, stderr: () => stderr };
}

/** Whether a process is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls every 100 ms until `predicate` holds; throws after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every descendant of `pid` (Linux /proc), children first. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // Gone while we looked.
    }
  }
  const found: number[] = [];
  const pending = [pid];
  for (let p = pending.shift(); p !== undefined; p = pending.shift()) {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        found.push(child);
        pending.push(child);
      }
    }
  }
  return found;
}
