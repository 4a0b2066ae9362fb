import { parseModelId } from '@myriad/core';
import { RUN_ID } from './codec/envelope.js';
import { StoreError } from './errors.js';
import type { OpenStoreOptions } from './store.js';

/**
 * The canonical model id, or StoreError `INVALID_MODEL_ID` (the core error as
 * cause). Every store method passes ids through here before touching storage.
 */
export function checkModelId(modelId: unknown): string {
  try {
    const ref = parseModelId(modelId);
    if (ref.id !== modelId) {
      throw new StoreError(
        'INVALID_MODEL_ID',
        `model id ${JSON.stringify(modelId)} is not canonical; use ${ref.id}`,
      );
    }
    return ref.id;
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError('INVALID_MODEL_ID', err instanceof Error ? err.message : String(err), {
      cause: err,
    });
  }
}

/** Validates a run id, `[A-Za-z0-9._:-]{1,128}`. @throws StoreError `INVALID_OPTIONS`. */
export function checkRunId(runId: unknown): string {
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
    const shown = typeof runId === 'string' ? JSON.stringify(runId.slice(0, 60)) : typeof runId;
    throw new StoreError('INVALID_OPTIONS', `run id ${shown} must match [A-Za-z0-9._:-]{1,128}`);
  }
  return runId;
}

/** Validates a list prefix: any string without NUL, at most 2,048 characters. */
export function checkPrefix(prefix: unknown): string {
  if (prefix === undefined) return '';
  if (typeof prefix !== 'string' || prefix.length > 2048 || prefix.includes('\0')) {
    throw new StoreError(
      'INVALID_OPTIONS',
      'list prefix must be a string of at most 2048 characters without NUL',
    );
  }
  return prefix;
}

/** `keepVersions` with its default (2). @throws StoreError `INVALID_OPTIONS` outside 1–100. */
export function keepVersionsOf(options: OpenStoreOptions): number {
  const keep = options.keepVersions ?? 2;
  if (!Number.isInteger(keep) || keep < 1 || keep > 100) {
    throw new StoreError(
      'INVALID_OPTIONS',
      `keepVersions must be an integer from 1 to 100, got ${keep}`,
    );
  }
  return keep;
}

/** A positive integer option with a default. @throws StoreError `INVALID_OPTIONS`. */
export function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v <= 0) {
    throw new StoreError('INVALID_OPTIONS', `${name} must be a positive integer, got ${v}`);
  }
  return v;
}

/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results in order.
 * The first rejection rejects the whole (calls already started still finish).
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  }
  const workers: Promise<void>[] = [];
  for (let w = 0; w < Math.min(limit, items.length); w++) workers.push(worker());
  await Promise.all(workers);
  return out;
}
