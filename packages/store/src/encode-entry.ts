import { encodeArtifact } from './codec/artifact.js';
import { StoreError } from './errors.js';
import type { PutEntry } from './store.js';

/** Encodes an entry; a failure names the model and is not retryable. */
export function encodeEntry(entry: PutEntry, version: number, createdAtMs: number): Uint8Array {
  try {
    return encodeArtifact(entry.params, {
      modelId: entry.modelId,
      version,
      createdAtMs,
      runId: entry.runId,
    });
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new StoreError('INVALID_OPTIONS', `cannot encode ${entry.modelId}: ${reason}`, {
      cause: err,
    });
  }
}
