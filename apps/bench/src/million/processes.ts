import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Resident set size of a process in bytes (Linux /proc), or 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** The command name of a process (Linux /proc), or '' when it is gone. */
export function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Process ids whose parent is `parentPid` (Linux /proc). */
export function childPids(parentPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parentPid) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** What a folder holds on disk. */
export interface DirectorySize {
  /** Distinct files (hard links to one file count once). */
  files: number;
  /** Their apparent size in bytes. */
  bytes: number;
  /** Bytes allocated on disk (whole filesystem blocks). */
  diskBytes: number;
}

/**
 * Distinct files and bytes under `dir`, recursively; hard links count once.
 * Synchronous and depth-first: memory stays flat however many files there are.
 * With `readContents`, each distinct file is also read once (into the page cache).
 */
export function directorySize(
  dir: string,
  options: { readContents?: boolean } = {},
): DirectorySize {
  const buffer = options.readContents === true ? Buffer.allocUnsafe(1 << 16) : undefined;
  const seen = new Set<number>();
  let bytes = 0;
  let diskBytes = 0;
  const pending = [dir];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) {
        pending.push(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const info = statSync(full);
      if (seen.has(info.ino)) continue;
      seen.add(info.ino);
      bytes += info.size;
      diskBytes += info.blocks * 512;
      if (buffer !== undefined) readAll(full, buffer);
    }
  }
  return { files: seen.size, bytes, diskBytes };
}

/** Reads a file to its end into `buffer`, over and over (only to load it into the page cache). */
function readAll(path: string, buffer: Buffer): void {
  const fd = openSync(path, 'r');
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}
