// Public API of @myriad/bench, imported by the CLI alone.
export * from './nab/index.js';
