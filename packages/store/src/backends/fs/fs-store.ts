import { StoreError } from '../../errors.js';
import type { ModelStore, OpenStoreOptions } from '../../store.js';

/** Options for {@link createFsStore}. */
export interface FsStoreOptions extends OpenStoreOptions {
  /** Location string reported by `store.location`. Default: `fs:<root>`. */
  location?: string;
}

/** Opens (creating if needed) a sharded directory store at `root`. */
export async function createFsStore(
  root: string,
  options: FsStoreOptions = {},
): Promise<ModelStore> {
  void root;
  void options;
  throw new StoreError('INVALID_LOCATION', 'fs store: being implemented');
}
