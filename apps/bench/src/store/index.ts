export type { StoreLatency } from './latency.js';
export { runStoreBench, type StoreBenchOptions, type StoreBenchResult } from './run-store-bench.js';
export type { KindSize } from './sizes.js';
