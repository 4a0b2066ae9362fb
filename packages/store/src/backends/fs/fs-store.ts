import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import {
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeArtifact, readArtifactMeta, setArtifactVersion } from '../../codec/artifact.js';

import { encodeEntry } from '../../encode-entry.js';
import { StoreError } from '../../errors.js';
import type {
  ArtifactMeta,
  ModelStore,
  OpenStoreOptions,
  PutEntry,
  RollbackResult,
  RollbackRunResult,
  StoredModel,
} from '../../store.js';
import { checkModelId, checkPrefix, checkRunId, keepVersionsOf, mapLimit } from '../../validate.js';
import {
  modelDir,
  modelIdOfDirName,
  parseVersionFile,
  retiredFile,
  versionFile,
} from './layout.js';

/** Options for {@link createFsStore}. */
export interface FsStoreOptions extends OpenStoreOptions {
  /** Location string reported by `store.location`. Default: `fs:<root>`. */
  location?: string;
}

/** Parallel file operations per batch call. */
const IO_CONCURRENCY = 32;

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function ioError(what: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new StoreError('STORE_IO', `fs store: ${what}: ${reason}`, { cause: err });
}

/** Reused by synchronous reads; grown on demand. Single-threaded, so never shared mid-read. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** Reads a whole file synchronously (open, read, close: no thread-pool round trips); a copy. */
function readSyncOrUndefined(path: string): Uint8Array | undefined {
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
    return new Uint8Array(scratch.subarray(0, length));
  } finally {
    closeSync(fd);
  }
}

async function readOrUndefined(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return [];
    throw err;
  }
}

interface DirState {
  /** Live versions, descending. */
  live: number[];
  /** Highest version number ever used here (live or retired). */
  maxUsed: number;
  retired: number[];
}

async function dirState(dir: string): Promise<DirState> {
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

/**
 * A store in a directory tree (layout in layout.ts). Writers never lock:
 * versions are claimed with `link` (fails if taken), the `latest` hard link
 * is replaced with `rename`, and every writer re-checks that `latest` is the
 * highest version after moving it, so concurrent processes converge. No
 * in-process state is shared, so several instances or processes may write
 * the same root.
 */
class FsStore implements ModelStore {
  readonly location: string;
  readonly #root: string;
  readonly #keep: number;
  readonly #fsync: boolean;
  readonly #syncReads: boolean;

  constructor(root: string, location: string, keep: number, fsync: boolean, syncReads: boolean) {
    this.#root = root;
    this.location = location;
    this.#keep = keep;
    this.#fsync = fsync;
    this.#syncReads = syncReads;
  }

  #dir(modelId: string): string {
    return modelDir(this.#root, checkModelId(modelId));
  }

  async #readLatest(modelId: string): Promise<Uint8Array | undefined> {
    const dir = this.#dir(modelId);
    try {
      const latest = join(dir, 'latest');
      const bytes = this.#syncReads ? readSyncOrUndefined(latest) : await readOrUndefined(latest);
      if (bytes !== undefined) return bytes;
      // A writer may be between claiming its version and linking `latest`,
      // or a rollback removed the last version: fall back to the highest live one.
      const { live } = await dirState(dir);
      for (const v of live) {
        const b = await readOrUndefined(join(dir, versionFile(v)));
        if (b !== undefined) return b;
      }
      return undefined;
    } catch (err) {
      throw ioError(`reading ${modelId}`, err);
    }
  }

  #checkOwner(modelId: string, meta: ArtifactMeta): void {
    if (meta.modelId !== modelId) {
      throw new StoreError(
        'CORRUPT_ARTIFACT',
        `artifact stored for ${modelId} belongs to ${meta.modelId}`,
      );
    }
  }

  async get(modelId: string): Promise<StoredModel | undefined> {
    const bytes = await this.#readLatest(modelId);
    if (bytes === undefined) return undefined;
    const stored = decodeArtifact(bytes);
    this.#checkOwner(modelId, stored.meta);
    return stored;
  }

  async getMany(modelIds: readonly string[]): Promise<Array<StoredModel | undefined>> {
    for (const id of modelIds) checkModelId(id);
    return mapLimit(modelIds, IO_CONCURRENCY, (id) => this.get(id));
  }

  async getArtifact(
    modelId: string,
  ): Promise<{ meta: ArtifactMeta; bytes: Uint8Array } | undefined> {
    const bytes = await this.#readLatest(modelId);
    if (bytes === undefined) return undefined;
    const meta = readArtifactMeta(bytes);
    this.#checkOwner(modelId, meta);
    return { meta, bytes };
  }

  async stat(modelId: string): Promise<ArtifactMeta | undefined> {
    return (await this.getArtifact(modelId))?.meta;
  }

  async put(entry: PutEntry): Promise<ArtifactMeta> {
    const [meta] = await this.putMany([entry]);
    return meta as ArtifactMeta;
  }

  async putMany(entries: readonly PutEntry[]): Promise<ArtifactMeta[]> {
    if (!Array.isArray(entries))
      throw new StoreError('INVALID_OPTIONS', 'putMany takes an array of entries');
    const runs = new Map<string, string[]>();
    for (const e of entries) {
      checkModelId(e?.modelId);
      if (e.runId !== undefined) {
        const ids = runs.get(checkRunId(e.runId)) ?? [];
        ids.push(e.modelId);
        runs.set(e.runId, ids);
      }
    }
    // Encode everything first: bad parameters write nothing. The version is stamped later.
    const now = Date.now();
    const encoded = entries.map((e) => encodeEntry(e, 1, e.createdAtMs ?? now));
    // The run index is written before the artifacts, so a crash can only
    // leave it listing models the run did not write (rollbackRun checks each).
    for (const [runId, ids] of runs) await this.#appendRunIndex(runId, ids);
    return mapLimit(entries, IO_CONCURRENCY, (e, i) =>
      this.#putOne(e.modelId, encoded[i] as Uint8Array),
    );
  }

  async #appendRunIndex(runId: string, ids: string[]): Promise<void> {
    const dir = join(this.#root, 'runs', runId);
    try {
      await mkdir(dir, { recursive: true });
      await this.#writeFile(
        join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.log`),
        Buffer.from(`${ids.join('\n')}\n`),
      );
    } catch (err) {
      throw ioError(`writing the index of run ${runId}`, err);
    }
  }

  async #writeFile(path: string, data: Uint8Array): Promise<void> {
    const fh = await open(path, 'wx');
    try {
      await fh.writeFile(data);
      if (this.#fsync) await fh.sync();
    } finally {
      await fh.close();
    }
  }

  #tempPath(): string {
    return join(this.#root, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}`);
  }

  async #putOne(modelId: string, encoded: Uint8Array): Promise<ArtifactMeta> {
    const dir = this.#dir(modelId);
    const temp = this.#tempPath();
    try {
      // mkdir reports whether it created the folder: a new model starts at
      // version 1 without listing it (a racing creator is caught by link below).
      const created = (await mkdir(dir, { recursive: true })) !== undefined;
      let version = created ? 1 : (await dirState(dir)).maxUsed + 1;
      for (let attempt = 0; ; attempt++) {
        const bytes = setArtifactVersion(encoded, version);
        await this.#writeFile(temp, bytes);
        const file = join(dir, versionFile(version));
        try {
          // link fails with EEXIST when another writer claimed this version: take the next.
          await link(temp, file);
        } catch (err) {
          await unlink(temp).catch(() => {});
          if (code(err) !== 'EEXIST' || attempt > 1000) throw err;
          version = Math.max(version + 1, (await dirState(dir)).maxUsed + 1);
          continue;
        }
        await unlink(temp);
        if (!(created && version === 1)) {
          // Our number came from an earlier listing: if a higher one exists now,
          // a version of this number may have been claimed and trimmed
          // meanwhile, so ours could repeat it. Give it up and take a fresh one.
          const now = await dirState(dir);
          if (now.maxUsed > version) {
            await unlink(file).catch(() => {});
            version = now.maxUsed + 1;
            continue;
          }
        }
        await this.#pointLatest(dir, file, created && version === 1);
        return readArtifactMeta(bytes);
      }
    } catch (err) {
      throw ioError(`writing ${modelId}`, err);
    }
  }

  /**
   * Makes `file` latest. For the first version of a new model an exclusive
   * link is enough: if it succeeds no `latest` existed, and any writer that
   * moves `latest` later re-checks it itself. Otherwise {@link settle}.
   */
  async #pointLatest(dir: string, file: string, first: boolean): Promise<void> {
    if (first) {
      try {
        await link(file, join(dir, 'latest'));
        return;
      } catch (err) {
        // EEXIST: another writer made `latest`; ENOENT: our version was already trimmed.
        if (code(err) !== 'EEXIST' && code(err) !== 'ENOENT') throw err;
      }
    }
    await this.#settle(dir);
  }

  /**
   * Points `latest` at the highest live version and trims old ones, repeating
   * until `latest` is the highest: the last writer to finish sees every
   * version claimed before it, so all writers converge on the same latest.
   */
  async #settle(dir: string): Promise<void> {
    for (let round = 0; round < 100; round++) {
      const state = await dirState(dir);
      const top = state.live[0];
      const latest = join(dir, 'latest');
      if (top === undefined) {
        await unlink(latest).catch((err) => {
          if (code(err) !== 'ENOENT') throw err;
        });
        return;
      }
      const target = join(dir, versionFile(top));
      const [a, b] = await Promise.all([
        stat(latest).catch(() => undefined),
        stat(target).catch(() => undefined),
      ]);
      if (b === undefined) continue; // trimmed or retired meanwhile: look again
      if (a === undefined || a.ino !== b.ino) {
        const temp = join(dir, `.latest-${process.pid}-${randomBytes(4).toString('hex')}`);
        try {
          await link(target, temp);
        } catch (err) {
          if (code(err) === 'ENOENT') continue;
          throw err;
        }
        await rename(temp, latest);
        continue; // re-check: another writer may have moved it meanwhile
      }
      const drop = [
        ...state.live.slice(this.#keep).map(versionFile),
        ...state.retired.filter((v) => v < top).map(retiredFile),
      ];
      await Promise.all(drop.map((name) => unlink(join(dir, name)).catch(() => {})));
      return;
    }
  }

  async delete(modelId: string): Promise<boolean> {
    const dir = this.#dir(modelId);
    try {
      const existed = (await dirState(dir)).live.length > 0;
      await rm(dir, { recursive: true, force: true });
      return existed;
    } catch (err) {
      throw ioError(`deleting ${modelId}`, err);
    }
  }

  async *list(prefix?: string): AsyncIterable<string> {
    const p = checkPrefix(prefix);
    const models = join(this.#root, 'models');
    try {
      for (const h0 of await listDir(models)) {
        for (const h1 of await listDir(join(models, h0))) {
          const leaf = join(models, h0, h1);
          for (const name of await listDir(leaf)) {
            let id = modelIdOfDirName(name);
            if (id === undefined) {
              const bytes = await readOrUndefined(join(leaf, name, 'latest'));
              if (bytes === undefined) continue;
              id = readArtifactMeta(bytes).modelId;
            }
            if (id.startsWith(p)) yield id;
          }
        }
      }
    } catch (err) {
      throw ioError('listing models', err);
    }
  }

  async versions(modelId: string): Promise<ArtifactMeta[]> {
    const dir = this.#dir(modelId);
    try {
      const { live } = await dirState(dir);
      const metas: ArtifactMeta[] = [];
      for (const v of live) {
        const bytes = await readOrUndefined(join(dir, versionFile(v)));
        if (bytes !== undefined) metas.push(readArtifactMeta(bytes));
      }
      return metas;
    } catch (err) {
      throw ioError(`listing versions of ${modelId}`, err);
    }
  }

  async rollback(modelId: string): Promise<RollbackResult> {
    const result = await this.#retireLatest(modelId, undefined, false);
    if (result === undefined) throw new StoreError('NOT_FOUND', `model ${modelId} is not stored`);
    return result;
  }

  /** Retires the latest version (only when written by `runId`, if given). */
  async #retireLatest(
    modelId: string,
    runId: string | undefined,
    allowRemove: boolean,
  ): Promise<RollbackResult | undefined> {
    const dir = this.#dir(modelId);
    try {
      const { live } = await dirState(dir);
      const top = live[0];
      if (top === undefined) return undefined;
      if (live.length < 2 && !allowRemove) {
        throw new StoreError(
          'NOT_FOUND',
          `model ${modelId} has no previous version to roll back to (only v${top})`,
        );
      }
      if (runId !== undefined) {
        const bytes = await readOrUndefined(join(dir, versionFile(top)));
        if (bytes === undefined || readArtifactMeta(bytes).runId !== runId) return undefined;
      }
      try {
        await rename(join(dir, versionFile(top)), join(dir, retiredFile(top)));
      } catch (err) {
        if (code(err) === 'ENOENT') return undefined;
        throw err;
      }
      await this.#settle(dir);
      const after = (await dirState(dir)).live[0];
      if (after === undefined) {
        // Nothing left: remove the model. rmdir fails (and leaves it) if a
        // concurrent put has just claimed a new version.
        const { retired } = await dirState(dir);
        await Promise.all(retired.map((v) => unlink(join(dir, retiredFile(v))).catch(() => {})));
        await rmdir(dir).catch(() => {});
      }
      return { modelId, from: top, to: after };
    } catch (err) {
      throw ioError(`rolling back ${modelId}`, err);
    }
  }

  async rollbackRun(runId: string): Promise<RollbackRunResult> {
    checkRunId(runId);
    const dir = join(this.#root, 'runs', runId);
    const ids = new Set<string>();
    try {
      for (const name of await listDir(dir)) {
        const text = await readFile(join(dir, name), 'utf8');
        for (const line of text.split('\n')) if (line !== '') ids.add(line);
      }
    } catch (err) {
      throw ioError(`reading the index of run ${runId}`, err);
    }
    let rolledBack = 0;
    await mapLimit([...ids], IO_CONCURRENCY, async (id) => {
      // A run may have written a model more than once (a retried shard): undo all of them.
      let any = false;
      while ((await this.#retireLatest(id, runId, true)) !== undefined) any = true;
      if (any) rolledBack++;
    });
    return { runId, models: ids.size, rolledBack, skipped: ids.size - rolledBack };
  }

  async close(): Promise<void> {}
}

/**
 * Opens (creating if needed) a sharded directory store at `root`.
 * @throws StoreError `INVALID_OPTIONS` for bad options, `STORE_IO` when the root cannot be created.
 */
export async function createFsStore(
  root: string,
  options: FsStoreOptions = {},
): Promise<ModelStore> {
  const keep = keepVersionsOf(options);
  if (typeof root !== 'string' || root.length === 0 || root.includes('\0')) {
    throw new StoreError('INVALID_LOCATION', 'fs store root must be a non-empty path without NUL');
  }
  const abs = resolve(root);
  try {
    await mkdir(join(abs, 'models'), { recursive: true });
    await mkdir(join(abs, 'tmp'), { recursive: true });
    await mkdir(join(abs, 'runs'), { recursive: true });
  } catch (err) {
    throw ioError(`creating ${abs}`, err);
  }
  return new FsStore(
    abs,
    options.location ?? `fs:${root}`,
    keep,
    options.fsync ?? true,
    options.syncReads ?? true,
  );
}
