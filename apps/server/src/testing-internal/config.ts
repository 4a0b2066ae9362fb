import type { WorkerConfig } from '../cluster.js';

/** A quiet loopback server config on a free port with auth off, for tests; `overrides` win. */
export function loopbackConfig(store: string, overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    store,
    host: '127.0.0.1',
    port: 0,
    auth: 'off',
    apiKeys: [],
    logLevel: 'silent',
    logRequests: false,
    benchRoutes: false,
    ...overrides,
  };
}
