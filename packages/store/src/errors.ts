/** Every error code `@myriad/store` throws. */
export type StoreErrorCode =
  | 'CORRUPT_ARTIFACT'
  | 'UNSUPPORTED_FORMAT'
  | 'NOT_FOUND'
  | 'INVALID_LOCATION'
  | 'INVALID_OPTIONS'
  | 'INVALID_MODEL_ID'
  | 'STORE_UNAVAILABLE'
  | 'STORE_IO'
  | 'REDIS_NOT_INSTALLED'
  | 'REDIS_START_FAILED';

/** Codes that a retry of the same operation may get past. */
const RETRYABLE: ReadonlySet<StoreErrorCode> = new Set(['STORE_UNAVAILABLE', 'STORE_IO']);

/**
 * The one error class of `@myriad/store`, with a string `code`, a `retryable`
 * flag (true for codes where retrying may help) and the `cause`.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly retryable: boolean;

  constructor(
    code: StoreErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
  }
}

/** True when `err` is a {@link StoreError}, optionally with the given code. */
export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
