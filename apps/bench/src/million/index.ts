export { type MillionBenchOptions, type MillionBenchResult, runMillionBench } from './run.js';
