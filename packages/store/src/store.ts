import type { ModelParams, TrainingInfo } from '@myriad/core';

/**
 * What the store knows about one artifact version without decoding its
 * parameters (read from the artifact's uncompressed envelope).
 */
export interface ArtifactMeta {
  /** Canonical model id, `<series id>@<resolution>`. */
  readonly modelId: string;
  /** The registered kind name, e.g. `seasonal`. */
  readonly kind: string;
  /** The kind's parameter format version. */
  readonly kindVersion: number;
  /**
   * Model version, assigned by the store on put: 1, 2, 3… per model id,
   * increasing, never reused while the model has any version stored.
   */
  readonly version: number;
  /** When the artifact was written, Unix milliseconds. */
  readonly createdAtMs: number;
  /** The training run that wrote it, if any. */
  readonly runId: string | undefined;
  /** Training window and statistics. */
  readonly info: TrainingInfo;
  /** Size of the artifact in bytes (compressed, as stored). */
  readonly bytes: number;
}

/** A decoded artifact: its metadata and the parameters its kind restores from. */
export interface StoredModel {
  readonly meta: ArtifactMeta;
  /** Rebuild the model with `registry.restore(params)` (a {@link ModelCache} does this for you). */
  readonly params: ModelParams;
}

/** One model to write. The store assigns the version and encodes the artifact. */
export interface PutEntry {
  /** Model id, `<series id>@<resolution>`; validated with `parseModelId`. */
  readonly modelId: string;
  /** The model's parameters, usually `model.params()`. */
  readonly params: ModelParams;
  /** The run writing it (enables {@link ModelStore.rollbackRun}); `[A-Za-z0-9._:-]{1,128}`. */
  readonly runId?: string;
  /** Creation time, Unix milliseconds. Default: `Date.now()`. */
  readonly createdAtMs?: number;
}

/** The outcome of rolling one model back. */
export interface RollbackResult {
  readonly modelId: string;
  /** The version that was latest and is now removed. */
  readonly from: number;
  /** The version now latest, or undefined when none is left (the model is gone). */
  readonly to: number | undefined;
}

/** The outcome of rolling back every model a run wrote. */
export interface RollbackRunResult {
  readonly runId: string;
  /** Models the run wrote (as recorded in the run index). */
  readonly models: number;
  /** Models whose latest version was the run's and were rolled back. */
  readonly rolledBack: number;
  /** Models skipped because a newer version than the run's is latest, or the run's version is gone. */
  readonly skipped: number;
}

/**
 * A place artifacts live: `fs` (embedded default) or `redis` (shared).
 * Every implementation passes `describeStoreContract` from `@myriad/store/testing`.
 *
 * All methods validate model ids with `parseModelId` and throw `StoreError`
 * `INVALID_MODEL_ID` for a bad one. I/O failures throw `STORE_IO` or
 * `STORE_UNAVAILABLE` (both `retryable`); an artifact that fails its checksum
 * throws `CORRUPT_ARTIFACT`.
 */
export interface ModelStore {
  /** The location string it was opened with, e.g. `fs:./.myriad/models`. */
  readonly location: string;
  /** Latest version of a model, decoded to parameters; undefined when absent. */
  get(modelId: string): Promise<StoredModel | undefined>;
  /**
   * Latest versions of many models in one batch (one pipeline on Redis).
   * The result has one entry per id, in order; undefined for absent models.
   */
  getMany(modelIds: readonly string[]): Promise<Array<StoredModel | undefined>>;
  /** The latest artifact's raw bytes and meta, without decoding parameters; undefined when absent. */
  getArtifact(modelId: string): Promise<{ meta: ArtifactMeta; bytes: Uint8Array } | undefined>;
  /**
   * Writes a new version (atomically: readers see the old or the new one, never
   * a partial artifact), makes it latest, and trims versions beyond `keepVersions`.
   * @returns the stored version's meta.
   */
  put(entry: PutEntry): Promise<ArtifactMeta>;
  /**
   * {@link put} for many models in one batch (one pipeline on Redis). Each
   * artifact is atomic on its own; on an error some entries may be written.
   * @returns metas in the order of `entries`.
   */
  putMany(entries: readonly PutEntry[]): Promise<ArtifactMeta[]>;
  /** Removes every version of a model. @returns true when it existed. */
  delete(modelId: string): Promise<boolean>;
  /**
   * Streams the ids of stored models whose id starts with `prefix` (default:
   * all), in no particular order, reading the backend in batches.
   */
  list(prefix?: string): AsyncIterable<string>;
  /** Meta of the latest version (no parameter decoding); undefined when absent. */
  stat(modelId: string): Promise<ArtifactMeta | undefined>;
  /** Metas of every kept version, newest first (the first is latest); empty when absent. */
  versions(modelId: string): Promise<ArtifactMeta[]>;
  /**
   * Removes the latest version so the previous one becomes latest.
   * @throws StoreError `NOT_FOUND` when the model is absent or has no previous version.
   */
  rollback(modelId: string): Promise<RollbackResult>;
  /**
   * Rolls back every model whose latest version was written by `runId`
   * (models a later run overwrote are skipped). A model the run created
   * (no previous version) is removed.
   */
  rollbackRun(runId: string): Promise<RollbackRunResult>;
  /**
   * Calls `listener` with a model id when another writer changes it (Redis
   * pub/sub); absent on backends that cannot notify. The ModelCache uses it
   * to invalidate at once instead of waiting for its refresh interval.
   * @returns an unsubscribe function.
   */
  watch?(listener: (modelId: string) => void): () => void;
  /** Releases connections and handles. Idempotent. */
  close(): Promise<void>;
}

/** Options for {@link openStore}. Unknown backends' options are ignored. */
export interface OpenStoreOptions {
  /** Versions kept per model (the latest and K−1 previous). Default: 2. Must be 1 to 100. */
  keepVersions?: number;
  /**
   * fs: fsync each artifact before it is linked into place. Default: true.
   * Without it a crash may leave a latest version whose checksum fails
   * (read as `CORRUPT_ARTIFACT`), never a silently wrong model.
   */
  fsync?: boolean;
  /**
   * fs: read artifacts with synchronous open/read/close. A page-cached
   * artifact then costs ~5 µs instead of ~70 µs of thread-pool round trips
   * (measured), at the price of blocking the event loop for the read; turn it
   * off when the store sits on a slow or network disk. Writes are always
   * asynchronous. Default: true.
   */
  syncReads?: boolean;
  /** redis: connect timeout in ms. Default: 2,000. */
  connectTimeoutMs?: number;
  /** redis: per-command timeout in ms; a dead server fails fast with `STORE_UNAVAILABLE`. Default: 2,000. */
  commandTimeoutMs?: number;
  /** redis: key prefix (namespace). Default: `myriad:`. Must match `[A-Za-z0-9._:-]{0,64}`. */
  keyPrefix?: string;
  /** redis: publish change notifications for {@link ModelStore.watch}. Default: true. */
  notify?: boolean;
}
