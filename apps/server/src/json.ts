import type { Prediction } from '@myriad/core';
import type { Context, TypedResponse } from 'hono';

/**
 * JSON text of a number array. When every value is finite this is
 * `values.join(',')` — the same digits `JSON.stringify` writes (both use the
 * shortest round-trip form) at about a sixth of the cost, which matters on
 * the warm path; otherwise NaN and ±Infinity are written as `null`, as
 * `JSON.stringify` would. O(n), one string.
 */
export function numbersJson(values: Float64Array): string {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] as number)) return nullableJson(values);
  }
  return `[${values.join(',')}]`;
}

function nullableJson(values: Float64Array): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out += (i === 0 ? '' : ',') + (Number.isFinite(v) ? String(v) : 'null');
  }
  return `${out}]`;
}

/** A model's scores ready to serialise (see {@link predictionJson}). */
export interface ScoredModel {
  readonly modelId: string;
  readonly prediction: Prediction;
  readonly explain: boolean;
}

/**
 * `{"model_id":…,"anomaly_scores":[…]}` plus `expected`, `lower`, `upper`
 * when explained; without `withId`, the reference form `{"anomaly_scores":[…]}`.
 */
export function predictionJson(scored: ScoredModel, withId = true): string {
  const { prediction } = scored;
  let out = withId ? `{"model_id":${JSON.stringify(scored.modelId)},` : '{';
  out += `"anomaly_scores":${numbersJson(prediction.scores)}`;
  if (scored.explain) {
    out += `,"expected":${numbersJson(prediction.expected)}`;
    out += `,"lower":${numbersJson(prediction.lower)}`;
    out += `,"upper":${numbersJson(prediction.upper)}`;
  }
  return `${out}}`;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/**
 * Answers 200 with JSON text built by hand. Typed as the route's JSON
 * response `T` (the text must be exactly that shape; tests parse it back).
 */
export function sendJsonText<T>(
  c: Context,
  text: string,
): Response & TypedResponse<T, 200, 'json'> {
  return c.body(text, 200, JSON_HEADERS) as unknown as Response & TypedResponse<T, 200, 'json'>;
}
