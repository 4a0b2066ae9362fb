import { MyriadError } from '../../errors.js';

/**
 * A numeric setting from `options`, or `fallback` when absent, checked to lie
 * in [`min`, `max`].
 * @throws MyriadError `INVALID_OPTIONS` naming the kind, the setting and the range.
 */
export function numberOption(
  kind: string,
  options: object,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new MyriadError(
      'INVALID_OPTIONS',
      `${kind}: ${name} must be a number in [${min}, ${max}], got ${String(value)}`,
    );
  }
  return value;
}

/**
 * A boolean-or-auto setting from `options`.
 * @throws MyriadError `INVALID_OPTIONS` for anything else.
 */
export function autoOption(
  kind: string,
  options: object,
  name: string,
  fallback: boolean | 'auto',
): boolean | 'auto' {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return fallback;
  if (value !== true && value !== false && value !== 'auto') {
    throw new MyriadError(
      'INVALID_OPTIONS',
      `${kind}: ${name} must be true, false or 'auto', got ${String(value)}`,
    );
  }
  return value;
}
