import { MyriadError, type MyriadErrorOptions } from '@myriad/core';

/** Every error code of the NAB evaluation. */
export type NabErrorCode =
  /** A NAB folder, its labels or its config is missing or malformed. */
  | 'INVALID_NAB_DATA'
  /** A detector's results folder or file does not fit the corpus. */
  | 'INVALID_RESULTS'
  /** A `timestamp,value` CSV could not be read. */
  | 'INVALID_CSV'
  /** An option or argument is out of range. */
  | 'INVALID_OPTIONS';

/** The error of the NAB scorer, replay and evaluation: a code and a message naming what was wrong. */
export class NabError extends MyriadError<NabErrorCode> {
  override readonly name: string = 'NabError';

  constructor(code: NabErrorCode, message: string, options: MyriadErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `err` is a {@link NabError}, optionally with the given code. */
export function isNabError(err: unknown, code?: NabErrorCode): err is NabError {
  return err instanceof NabError && (code === undefined || err.code === code);
}
