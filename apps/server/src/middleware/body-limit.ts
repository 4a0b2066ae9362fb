import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.js';

/**
 * Rejects bodies over `maxBytes` with 413 `PAYLOAD_TOO_LARGE`. A request with
 * a `content-length` (the usual case) is judged by the header alone, without
 * touching the body: on @hono/node-server, reading `c.req.raw.body` turns the
 * lightweight request into a full web `Request` with a stream, which costs more
 * than the rest of a warm predict. Chunked bodies are counted as they stream
 * (hono's `bodyLimit`).
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new ApiError('PAYLOAD_TOO_LARGE', `request body is larger than ${maxBytes} bytes`);
  };
  const streaming = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxBytes) tooLarge();
      return next();
    }
    return streaming(c, next);
  };
}
