/** An error answer from the server (non-2xx), or a response that is not the API's JSON. */
export class MyriadApiError extends Error {
  override readonly name = 'MyriadApiError';
  /** HTTP status (0 when the request never got a response). */
  readonly status: number;
  /** The server's error code, e.g. `MODEL_NOT_FOUND`; `NETWORK` or `BAD_RESPONSE` from the client. */
  readonly code: string;

  constructor(status: number, code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
  }
}

/** True when `err` is a {@link MyriadApiError}, optionally with the given code. */
export function isMyriadApiError(err: unknown, code?: string): err is MyriadApiError {
  return err instanceof MyriadApiError && (code === undefined || err.code === code);
}
