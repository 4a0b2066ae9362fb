/**
 * The bench app's environment, read once. The only place `process.env` is read
 * in `@myriad/bench`.
 */
export interface BenchEnv {
  /** Where the NAB corpus lives (`MYRIAD_NAB_DIR`). Unset: `../shared/nab` beside the repo. */
  readonly nabDir: string | undefined;
}

/**
 * Parses the environment.
 * @throws Error naming the variable when it is set but empty.
 */
export function loadBenchEnv(source: NodeJS.ProcessEnv = process.env): BenchEnv {
  const nabDir = source['MYRIAD_NAB_DIR'];
  if (nabDir !== undefined && nabDir.trim() === '') {
    throw new Error('invalid environment variable MYRIAD_NAB_DIR: must not be empty');
  }
  return { nabDir };
}

/** The environment of this process, parsed on first use. */
export const benchEnv: BenchEnv = loadBenchEnv();
