import { baselineKind } from './kinds/baseline/index.js';
import { holtWintersKind } from './kinds/holt-winters/index.js';
import { seasonalKind } from './kinds/seasonal/index.js';
import type { ModelKind } from './model.js';
import { createRegistry, type KindRegistry } from './registry.js';

/** The kinds `@myriad/core` ships: `seasonal`, `holt-winters` and `baseline`. */
export const builtinKinds: readonly ModelKind[] = [seasonalKind, holtWintersKind, baselineKind];

/** A new registry holding the built-in kinds; register more on it. */
export function createDefaultRegistry(): KindRegistry {
  return createRegistry(builtinKinds);
}
