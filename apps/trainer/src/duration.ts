import { TrainerError } from './errors.js';

const DURATION = /^([1-9][0-9]{0,8})(s|m|h|d|w)$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Parses a duration such as `90s`, `15m`, `6h`, `7d` or `2w` into seconds.
 * A positive integer is taken as seconds.
 * @throws TrainerError `INVALID_SPEC` naming `field` when the text is not a duration.
 */
export function parseDurationSeconds(value: unknown, field = 'duration'): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  const match = typeof value === 'string' ? DURATION.exec(value.trim()) : null;
  if (match === null) {
    throw new TrainerError(
      'INVALID_SPEC',
      `${field} must be a duration like 30s, 15m, 6h, 7d or 2w, got ${JSON.stringify(value)}`,
    );
  }
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}
