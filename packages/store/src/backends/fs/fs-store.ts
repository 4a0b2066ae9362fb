import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeArtifact, readArtifactMeta } from '../../codec/artifact.js';
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
  dirState,
  ioError,
  listDir,
  readOrUndefined,
  readSyncView,
  readText,
  removeStaleTemps,
  writeNewFile,
} from './files.js';
import { modelDir, modelIdOfDirName, versionFile } from './layout.js';
import { claimVersion, retireLatest } from './versions.js';

/** Options for {@link createFsStore}. */
export interface FsStoreOptions extends OpenStoreOptions {
  /** Location string reported by `store.location`. Default: `fs:<root>`. */
  location?: string;
}

/** Temp files older than this (a crashed writer's) are removed when a store opens: 1 hour. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** Parallel file operations per batch call. */
const IO_CONCURRENCY = 32;

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

  /**
   * Reads the latest artifact of `modelId` and hands its bytes to `use`. With
   * sync reads, `latest` is read into a shared buffer and `use` runs before
   * anything else can read, so the bytes are valid only during `use` (decoding
   * copies everything out): no copy per read.
   */
  async #withLatest<T>(modelId: string, use: (bytes: Uint8Array) => T): Promise<T | undefined> {
    const dir = this.#dir(modelId);
    let bytes: Uint8Array | undefined;
    try {
      const latest = join(dir, 'latest');
      bytes = this.#syncReads ? readSyncView(latest) : await readOrUndefined(latest);
      if (bytes === undefined) {
        // A writer may be between claiming its version and linking `latest`,
        // or a rollback removed the last version: fall back to the highest live one.
        const { live } = await dirState(dir);
        for (const v of live) {
          bytes = await readOrUndefined(join(dir, versionFile(v)));
          if (bytes !== undefined) break;
        }
      }
    } catch (err) {
      throw ioError(`reading ${modelId}`, err);
    }
    return bytes === undefined ? undefined : use(bytes);
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
    return this.#withLatest(modelId, (bytes) => {
      const stored = decodeArtifact(bytes);
      this.#checkOwner(modelId, stored.meta);
      return stored;
    });
  }

  async getMany(modelIds: readonly string[]): Promise<Array<StoredModel | undefined>> {
    for (const id of modelIds) checkModelId(id);
    return mapLimit(modelIds, IO_CONCURRENCY, (id) => this.get(id));
  }

  async getArtifact(
    modelId: string,
  ): Promise<{ meta: ArtifactMeta; bytes: Uint8Array } | undefined> {
    return this.#withLatest(modelId, (bytes) => {
      const meta = readArtifactMeta(bytes);
      this.#checkOwner(modelId, meta);
      // The caller keeps these bytes: a sync read's are a shared buffer's.
      return { meta, bytes: this.#syncReads ? bytes.slice() : bytes };
    });
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
      await writeNewFile(
        join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.log`),
        Buffer.from(`${ids.join('\n')}\n`),
        this.#fsync,
      );
    } catch (err) {
      throw ioError(`writing the index of run ${runId}`, err);
    }
  }

  #tempPath(): string {
    return join(this.#root, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}`);
  }

  async #putOne(modelId: string, encoded: Uint8Array): Promise<ArtifactMeta> {
    try {
      return await claimVersion(
        this.#dir(modelId),
        this.#tempPath(),
        encoded,
        this.#keep,
        this.#fsync,
      );
    } catch (err) {
      throw ioError(`writing ${modelId}`, err);
    }
  }

  async #retireLatest(
    modelId: string,
    runId: string | undefined,
    allowRemove: boolean,
  ): Promise<RollbackResult | undefined> {
    try {
      return await retireLatest(this.#dir(modelId), modelId, runId, allowRemove, this.#keep);
    } catch (err) {
      throw ioError(`rolling back ${modelId}`, err);
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

  async rollbackRun(runId: string): Promise<RollbackRunResult> {
    checkRunId(runId);
    const dir = join(this.#root, 'runs', runId);
    const ids = new Set<string>();
    try {
      for (const name of await listDir(dir)) {
        const text = await readText(join(dir, name));
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
    await removeStaleTemps(join(abs, 'tmp'), STALE_TEMP_MS);
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
