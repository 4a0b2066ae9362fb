// Public API of @myriad/bench, imported by the CLI alone.
export {
  type CoreBenchOptions,
  type CoreBenchRow,
  type CoreBenchSummary,
  runCoreBench,
} from './core/index.js';
export {
  type MillionBenchOptions,
  type MillionBenchResult,
  runMillionBench,
} from './million/index.js';
export * from './nab/index.js';
export {
  buildRequest,
  type LoadResult,
  runLoad,
  runServeBench,
  type ServeBenchOptions,
  type ServeBenchSummary,
} from './serve/index.js';
export {
  type KindSize,
  runStoreBench,
  type StoreBenchOptions,
  type StoreBenchResult,
  type StoreLatency,
} from './store/index.js';
export { runTrainBench, type TrainBenchOptions, type TrainBenchResult } from './train/index.js';
