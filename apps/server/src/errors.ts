import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Codes the server itself raises (core and store codes pass through with their own). */
export type ApiErrorCode =
  | 'INVALID_REQUEST'
  | 'MALFORMED_JSON'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'ROUTE_NOT_FOUND'
  | 'MODEL_NOT_FOUND'
  | 'RUN_NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNUSABLE_INPUT'
  | 'UNORDERED_DATAPOINTS'
  | 'QUEUE_UNAVAILABLE'
  | 'STORE_TIMEOUT'
  | 'INTERNAL';

/** An error meant for the client: a stable `code` and a message safe to show. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * The one place error codes become HTTP statuses. Codes of `@myriad/core`,
 * `@myriad/store` and the trainer are listed by name; unknown codes are 500.
 */
const STATUS_BY_CODE: Readonly<Record<string, ContentfulStatusCode>> = {
  INVALID_REQUEST: 400,
  MALFORMED_JSON: 400,
  INVALID_MODEL_ID: 400,
  INVALID_SERIES_ID: 400,
  INVALID_RESOLUTION: 400,
  INVALID_SPEC: 400,
  INVALID_OPTIONS: 400,
  SOURCE_NOT_FOUND: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ROUTE_NOT_FOUND: 404,
  MODEL_NOT_FOUND: 404,
  NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  RUN_FINISHED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNUSABLE_INPUT: 422,
  UNORDERED_DATAPOINTS: 422,
  INVALID_INPUT: 422,
  INSUFFICIENT_DATA: 422,
  QUEUE_UNAVAILABLE: 503,
  REDIS_UNAVAILABLE: 503,
  STORE_UNAVAILABLE: 503,
  STORE_IO: 503,
  STORE_TIMEOUT: 503,
  CORRUPT_ARTIFACT: 500,
  UNSUPPORTED_FORMAT: 500,
  UNKNOWN_KIND: 500,
  INVALID_PARAMS: 500,
  INTERNAL: 500,
};

/** The HTTP status for an error code; 500 for codes not listed. */
export function statusForCode(code: string): ContentfulStatusCode {
  return STATUS_BY_CODE[code] ?? 500;
}

/**
 * Turns anything thrown into a client-safe `{code, message, status}`: errors with a
 * string `code` keep their code and message (their messages are written for
 * callers); anything else becomes `INTERNAL` with a generic message, never a stack.
 */
export function describeError(err: unknown): {
  status: ContentfulStatusCode;
  body: ErrorBody;
  internal: boolean;
} {
  if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') {
    const code = (err as Error & { code: string }).code;
    const status = statusForCode(code);
    // A code we do not know may carry a message with internal details: hide it.
    const known = code in STATUS_BY_CODE;
    return {
      status,
      body: {
        error: { code: known ? code : 'INTERNAL', message: known ? err.message : 'internal error' },
      },
      internal: status >= 500,
    };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'internal error' } },
    internal: true,
  };
}

/** Builds an error body. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
