import { closeSync, openSync, readSync } from 'node:fs';
import { open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../../errors.js';
import { parseVersionFile } from './layout.js';

/** File helpers of the fs store. */

/** The errno code of a Node error, if any. */
export function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Wraps a file-system failure as a retryable `STORE_IO` (StoreErrors pass through). */
export function ioError(what: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new StoreError('STORE_IO', `fs store: ${what}: ${reason}`, { cause: err });
}

/** Reused by synchronous reads; grown on demand. Single-threaded, so never shared mid-read. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads a whole file synchronously (open, read, close: no thread-pool round
 * trips) into a shared buffer and returns a view of it that the next read
 * overwrites: use it synchronously (e.g. decode it) and keep nothing that
 * refers to it. Undefined when the file (or its folder) does not exist.
 */
export function readSyncView(path: string): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return undefined;
    throw err;
  }
  try {
    let length = 0;
    for (;;) {
      const n = readSync(fd, scratch, length, scratch.length - length, length);
      if (n === 0) break;
      length += n;
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
    }
    return scratch.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole file; undefined when it (or its folder) does not exist. */
export async function readOrUndefined(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** A folder's entries; empty when it does not exist. */
export async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return [];
    throw err;
  }
}

/** The versions in a model folder. */
export interface DirState {
  /** Live versions, descending. */
  live: number[];
  /** Highest version number ever used here (live or retired). */
  maxUsed: number;
  retired: number[];
}

/** Lists a model folder's versions. */
export async function dirState(dir: string): Promise<DirState> {
  const live: number[] = [];
  const retired: number[] = [];
  let maxUsed = 0;
  for (const name of await listDir(dir)) {
    const v = parseVersionFile(name);
    if (v === undefined) continue;
    (v.retired ? retired : live).push(v.version);
    if (v.version > maxUsed) maxUsed = v.version;
  }
  live.sort((a, b) => b - a);
  return { live, retired, maxUsed };
}

/** Creates `path` exclusively and writes `data`, fsyncing it when asked. */
export async function writeNewFile(path: string, data: Uint8Array, fsync: boolean): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(data);
    if (fsync) await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Reads a text file. */
export function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** Removes files in `dir` last modified more than `maxAgeMs` ago (leftovers of crashed writers). */
export async function removeStaleTemps(dir: string, maxAgeMs: number): Promise<number> {
  const cutoff = Date.now() - maxAgeMs;
  let removed = 0;
  for (const name of await listDir(dir)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && info.mtimeMs < cutoff) {
      await unlink(path).catch(() => {});
      removed++;
    }
  }
  return removed;
}
