// Public API of @myriad/server. Named exports only.
export { type AppType, createApp, DEFAULT_MAX_BODY_BYTES } from './app.js';
export {
  type ClusterOptions,
  type RunningCluster,
  serveCluster,
  type WorkerConfig,
} from './cluster.js';
export type { RequestVariables, Scope, ServerEnvTypes, ServerLogger } from './context.js';
export type {
  AppDeps,
  LimitOptions,
  ModelMetadata,
  ModelSource,
  QueueDashboard,
  RunQueue,
  RunStatusView,
} from './deps.js';
export { loadServerEnv, type ServerEnv } from './env.js';
export { ApiError, type ApiErrorCode, type ErrorBody, statusForCode } from './errors.js';
export { type RunningServer, type StartServerOptions, startServer } from './main.js';
export { type CacheStatsSnapshot, createServerMetrics, type ServerMetrics } from './metrics.js';
export { type ApiKey, type AuthOptions, isLoopbackHost, parseApiKeys } from './middleware/auth.js';
export { createCacheModelSource } from './model-source.js';
export { createQueueDashboard, type DashboardQueue, QUEUE_DASHBOARD_PATH } from './routes/admin.js';
export { createTrainerRunQueue } from './run-queue.js';
export { startServerFromConfig } from './serve-config.js';
