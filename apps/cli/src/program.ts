import { Command } from 'commander';
import { registerBench } from './commands/bench.js';
import { registerBenchCore } from './commands/bench-core.js';
import { registerBenchMillion } from './commands/bench-million.js';
import { registerBenchServe } from './commands/bench-serve.js';
import { registerBenchStore } from './commands/bench-store.js';
import { registerBenchTrain } from './commands/bench-train.js';
import { registerDemo } from './commands/demo.js';
import { registerEval } from './commands/eval.js';
import { registerModels } from './commands/models.js';
import { registerRuns } from './commands/runs.js';
import { registerServe } from './commands/serve.js';
import { registerTrain } from './commands/train.js';
import { registerWorker } from './commands/worker.js';

/** Builds the `myriad` command with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('myriad')
    .description('Myriad: train, store and serve a million small anomaly-detection models')
    .showHelpAfterError()
    .enablePositionalOptions();
  const bench = registerBench(program);
  registerBenchCore(bench);
  registerBenchTrain(bench);
  registerBenchServe(bench);
  registerBenchStore(bench);
  registerBenchMillion(bench);
  registerDemo(program);
  registerTrain(program);
  registerWorker(program);
  registerServe(program);
  registerRuns(program);
  registerEval(program);
  registerModels(program);
  return program;
}
