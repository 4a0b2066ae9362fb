import type { Model } from '@myriad/core';
import type { ServerLogger } from './context.js';
import type { CacheStatsSnapshot, ServerMetrics } from './metrics.js';
import type { AuthOptions } from './middleware/auth.js';

/** What `GET /v1/models/{modelId}` reports. */
export interface ModelMetadata {
  modelId: string;
  kind: string;
  /** The stored artifact version. */
  version: number;
  /** Training window and stats. */
  trainedFromSeconds: number;
  trainedToSeconds: number;
  stepSeconds: number;
  trainedPoints: number;
  /** Size of the compressed artifact, in bytes. */
  artifactBytes: number;
  /** When the artifact was written, Unix seconds, if the store knows. */
  createdAtSeconds?: number | undefined;
}

/**
 * Where the server gets models: a bounded in-process cache in front of a store.
 * Errors carry codes: store `NOT_FOUND` (→ 404), `STORE_UNAVAILABLE` (→ 503),
 * `CORRUPT_ARTIFACT` (→ 500).
 */
export interface ModelSource {
  /**
   * The model, from the cache or loaded from the store. May return synchronously
   * on a hit so the warm path does not wait a microtask per model.
   */
  get(modelId: string): Model | Promise<Model>;
  /**
   * Optional fast path: the fresh cached model stored under exactly this id,
   * counted as a hit; undefined when there is none (then call `get`). Only
   * ids that passed validation are ever cached, so a hit needs no parsing.
   */
  cached?(modelId: string): Model | undefined;
  /** Stored metadata of the latest version. */
  metadata(modelId: string): Promise<ModelMetadata>;
  /** Resolves when the store answers; rejects (STORE_UNAVAILABLE) when it does not. */
  ping(): Promise<void>;
  /** Cache counters for `/metrics`. */
  stats(): CacheStatsSnapshot;
}

/** The run routes' view of the trainer's queue. */
export interface RunQueue {
  /** Validates and enqueues a run; returns its id. Throws `INVALID_SPEC` for a bad spec. */
  enqueue(spec: unknown): Promise<{ runId: string }>;
  /** A run's progress; throws `RUN_NOT_FOUND`. */
  get(runId: string): Promise<RunStatusView>;
}

/** A run's status as the API returns it. */
export interface RunStatusView {
  run_id: string;
  state: string;
  [key: string]: unknown;
}

/** Limits on requests. */
export interface LimitOptions {
  /** Largest body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most models in one batch request. Default 1,000. */
  maxBatchItems?: number;
  /** How long a cache miss may wait for the store before answering 503, in ms. Default 2,000. */
  storeTimeoutMs?: number;
}

/** Everything {@link createApp} needs, injected. */
export interface AppDeps {
  models: ModelSource;
  logger: ServerLogger;
  auth: AuthOptions;
  limits?: LimitOptions;
  /** The training queue; without it the run routes answer 503 QUEUE_UNAVAILABLE. */
  runs?: RunQueue | undefined;
  /** Mounts the BullMQ dashboard at /admin/queues (admin scope). */
  queueDashboard?: QueueDashboard | undefined;
  /** Default: fresh metrics reading `models.stats()`. */
  metrics?: ServerMetrics;
  /** Renders `/metrics` (default: this process's registry). */
  renderMetrics?: (() => Promise<string>) | undefined;
  /** One info log line per request. Default true. */
  logRequests?: boolean;
  /** Adds `POST /bench/ceiling` (hidden from OpenAPI), for `myriad bench serve`. Default false. */
  benchRoutes?: boolean;
}

/** Something that mounts a dashboard on a base path (see routes/admin.ts). */
export interface QueueDashboard {
  /** A Hono app serving the dashboard under `basePath`. */
  // biome-ignore lint/suspicious/noExplicitAny: the bull-board adapter's Hono app has its own env type
  app: any;
}
