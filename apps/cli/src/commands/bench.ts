import type { Command } from 'commander';

/**
 * `myriad bench …`: speed and memory benchmarks. Each subcommand lives in its
 * own `bench-<name>.ts` and registers itself here.
 */
export function registerBench(program: Command): Command {
  return program
    .command('bench')
    .description('benchmarks: a table on a terminal, one JSON summary line last with --json');
}
