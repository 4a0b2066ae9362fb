import { Command } from 'commander';
import { registerBench } from './commands/bench.js';
import { registerEval } from './commands/eval.js';

/** Builds the `myriad` command with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('myriad')
    .description('Myriad: train, store and serve a million small anomaly-detection models')
    .showHelpAfterError()
    .enablePositionalOptions();
  const bench = registerBench(program);
  void bench;
  registerEval(program);
  return program;
}
