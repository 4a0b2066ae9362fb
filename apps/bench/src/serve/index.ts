export { buildBenchStore, coldModelId } from './fixture.js';
export { buildRequest, type LoadOptions, type LoadResult, runLoad } from './load.js';
export {
  type PhaseSummary,
  runServeBench,
  type ServeBenchOptions,
  type ServeBenchSummary,
} from './run.js';
