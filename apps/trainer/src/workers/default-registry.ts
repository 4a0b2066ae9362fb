import { createDefaultRegistry, type KindRegistry } from '@myriad/core';

/** Core's built-in kinds (seasonal, Holt-Winters, baseline), built once per process. */
let registry: KindRegistry | undefined;

/** The registry workers use when given none. */
export function defaultRegistry(): KindRegistry {
  registry ??= createDefaultRegistry();
  return registry;
}
