/** Every error code `@myriad/core` throws. */
export type CoreErrorCode =
  | 'INVALID_SERIES_ID'
  | 'INVALID_MODEL_ID'
  | 'INVALID_RESOLUTION'
  | 'INVALID_INPUT'
  | 'INSUFFICIENT_DATA'
  | 'INVALID_OPTIONS'
  | 'INVALID_PARAMS'
  | 'UNKNOWN_KIND';

/** Options accepted by {@link MyriadError}. */
export interface MyriadErrorOptions {
  /** Whether retrying the same operation may succeed. Default: false. */
  retryable?: boolean;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The one error class of `@myriad/core`: a stable string `code` to branch on,
 * a `retryable` flag, and the `cause`. Messages name what was wrong.
 */
export class MyriadError<C extends string = CoreErrorCode> extends Error {
  override readonly name: string = 'MyriadError';
  readonly code: C;
  readonly retryable: boolean;

  constructor(code: C, message: string, options: MyriadErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** True when `err` is a {@link MyriadError}, optionally with the given code. */
export function isMyriadError<C extends string = CoreErrorCode>(
  err: unknown,
  code?: C,
): err is MyriadError<C> {
  return err instanceof MyriadError && (code === undefined || err.code === code);
}
