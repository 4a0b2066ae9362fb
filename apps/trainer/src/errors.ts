import { MyriadError } from '@myriad/core';

/** Every error code `@myriad/trainer` throws. */
export type TrainerErrorCode =
  | 'INVALID_SPEC'
  | 'INVALID_OPTIONS'
  | 'REDIS_UNAVAILABLE'
  | 'SOURCE_FAILED'
  | 'SOURCE_NOT_FOUND'
  | 'RUN_NOT_FOUND'
  | 'RUN_FINISHED';

/** Codes that a retry of the same operation may get past. */
const RETRYABLE: ReadonlySet<TrainerErrorCode> = new Set(['REDIS_UNAVAILABLE', 'SOURCE_FAILED']);

/**
 * The one error class of `@myriad/trainer`: a string `code`, a `retryable`
 * flag (true for codes where a retry may help) and the `cause`. It extends
 * {@link MyriadError}, so `isMyriadError` recognises it too.
 */
export class TrainerError extends MyriadError<TrainerErrorCode> {
  override readonly name = 'TrainerError';

  constructor(
    code: TrainerErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(code, message, {
      cause: options.cause,
      retryable: options.retryable ?? RETRYABLE.has(code),
    });
  }
}

/** True when `err` is a {@link TrainerError}, optionally with the given code. */
export function isTrainerError(err: unknown, code?: TrainerErrorCode): err is TrainerError {
  return err instanceof TrainerError && (code === undefined || err.code === code);
}
