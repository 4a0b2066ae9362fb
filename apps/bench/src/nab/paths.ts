import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEnv } from '../env.js';

/** The repository root: four levels above this file (apps/bench/{src,dist}/nab/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The NAB folder: `MYRIAD_NAB_DIR` when set (relative to the working directory),
 * else `../shared/nab` relative to the repository root. Never copied into the repo.
 */
export function defaultNabDir(): string {
  return benchEnv.nabDir === undefined
    ? path.resolve(REPO_ROOT, '../shared/nab')
    : path.resolve(benchEnv.nabDir);
}
