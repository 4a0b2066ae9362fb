// Assertion helpers for app.request() tests (not built: uses vitest).
import { expect } from 'vitest';

/** What {@link requestJson} returns. */
export interface JsonReply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** Sends a request to an app and parses the JSON body (the text when it is not JSON). */
export async function requestJson(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  init?: RequestInit,
): Promise<JsonReply> {
  const res = await app.request(path, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body: body as Record<string, unknown>, headers: res.headers };
}

/** Asserts an error reply `{error: {code, message}}` with no stack trace; returns the message. */
export function expectError(
  r: { status: number; body: Record<string, unknown> },
  status: number,
  code: string,
): string {
  expect(r.status).toBe(status);
  const error = r.body.error as { code: string; message: string };
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message).not.toMatch(/\n\s+at /);
  return error.message;
}

/** POSTs `points` to `${baseUrl}/predict` over a real socket; asserts 200 and one score per point. */
export async function expectPredictOverSocket(
  baseUrl: string,
  modelId: string,
  points: readonly unknown[],
): Promise<number[]> {
  const res = await fetch(`${baseUrl}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model_id: modelId, datapoints: points }),
  });
  expect(res.status).toBe(200);
  const scores = ((await res.json()) as { anomaly_scores: number[] }).anomaly_scores;
  expect(scores).toHaveLength(points.length);
  return scores;
}
