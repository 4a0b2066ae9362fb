import { MyriadError } from './errors.js';

/** A validated series id, e.g. `us-east-1/host-00042/page_load_ms`. */
export type SeriesId = string & { readonly __brand: 'SeriesId' };

/** A parsed aggregation interval such as `15m`. */
export interface Resolution {
  /** Canonical text: `<n>s|m|h|d`, e.g. `15m`. */
  readonly text: string;
  /** Length of one bucket in seconds. */
  readonly seconds: number;
}

/** A parsed model id `<series id>@<resolution>`. */
export interface ModelRef {
  readonly seriesId: SeriesId;
  readonly resolution: Resolution;
  /** Canonical model id text. */
  readonly id: string;
}

/** The default ensemble resolutions: one minute, fifteen minutes, one hour. */
export const DEFAULT_RESOLUTIONS: readonly string[] = ['1m', '15m', '1h'];

/** Longest series id accepted, in characters (8 segments of 128 plus separators). */
export const MAX_SERIES_ID_LENGTH = 8 * 128 + 7;

const SEGMENT = /^[A-Za-z0-9._:-]{1,128}$/;
const RESOLUTION = /^([1-9][0-9]{0,8})([smhd])$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function describe(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value}`;
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(shown);
}

/**
 * Validates a series id: 1 to 8 `/`-joined segments, each `[A-Za-z0-9._:-]{1,128}`,
 * and no segment `.` or `..`. Returns it branded.
 * @throws MyriadError `INVALID_SERIES_ID` naming the offending segment.
 */
export function parseSeriesId(value: unknown): SeriesId {
  if (typeof value !== 'string' || value.length === 0) {
    throw new MyriadError(
      'INVALID_SERIES_ID',
      `series id must be a non-empty string, got ${describe(value)}`,
    );
  }
  if (value.length > MAX_SERIES_ID_LENGTH) {
    throw new MyriadError(
      'INVALID_SERIES_ID',
      `series id is ${value.length} characters, at most ${MAX_SERIES_ID_LENGTH} allowed`,
    );
  }
  const segments = value.split('/');
  if (segments.length > 8) {
    throw new MyriadError(
      'INVALID_SERIES_ID',
      `series id ${describe(value)} has ${segments.length} segments, at most 8 allowed`,
    );
  }
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment === '') {
      throw new MyriadError(
        'INVALID_SERIES_ID',
        `series id ${describe(value)} has an empty segment at position ${i + 1}`,
      );
    }
    if (segment === '.' || segment === '..') {
      throw new MyriadError(
        'INVALID_SERIES_ID',
        `series id ${describe(value)} has a relative segment ${JSON.stringify(segment)}`,
      );
    }
    if (!SEGMENT.test(segment)) {
      throw new MyriadError(
        'INVALID_SERIES_ID',
        `series id segment ${describe(segment)} must match [A-Za-z0-9._:-]{1,128}`,
      );
    }
  }
  return value as SeriesId;
}

/** True when `value` is a valid series id. Never throws. */
export function isSeriesId(value: unknown): value is SeriesId {
  try {
    parseSeriesId(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses `<n>s|m|h|d` (n from 1 to 999,999,999) into a {@link Resolution}.
 * A number is taken as seconds. The canonical text keeps the given unit.
 * @throws MyriadError `INVALID_RESOLUTION`.
 */
export function parseResolution(value: unknown): Resolution {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value <= 0 || value > 999_999_999) {
      throw new MyriadError(
        'INVALID_RESOLUTION',
        `resolution in seconds must be a positive integer, got ${value}`,
      );
    }
    return { text: formatSeconds(value), seconds: value };
  }
  const match = typeof value === 'string' ? RESOLUTION.exec(value) : null;
  if (match === null) {
    throw new MyriadError(
      'INVALID_RESOLUTION',
      `resolution must look like 30s, 1m, 15m, 1h or 1d, got ${describe(value)}`,
    );
  }
  const count = Number(match[1]);
  const unit = match[2] as string;
  return { text: `${count}${unit}`, seconds: count * (UNIT_SECONDS[unit] as number) };
}

/** The shortest exact text for a number of seconds: 900 → `15m`, 86400 → `1d`, 90 → `90s`. */
export function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * Parses `<series id>@<resolution>`.
 * @throws MyriadError `INVALID_MODEL_ID` (with the series or resolution error as cause).
 */
export function parseModelId(value: unknown): ModelRef {
  if (typeof value !== 'string') {
    throw new MyriadError('INVALID_MODEL_ID', `model id must be a string, got ${describe(value)}`);
  }
  const at = value.lastIndexOf('@');
  if (at < 0) {
    throw new MyriadError(
      'INVALID_MODEL_ID',
      `model id ${describe(value)} must be <series id>@<resolution>, e.g. eu-west-1/host-1/cpu@15m`,
    );
  }
  try {
    const seriesId = parseSeriesId(value.slice(0, at));
    const resolution = parseResolution(value.slice(at + 1));
    return { seriesId, resolution, id: `${seriesId}@${resolution.text}` };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new MyriadError('INVALID_MODEL_ID', `model id ${describe(value)} is invalid: ${reason}`, {
      cause: err,
    });
  }
}

/** Builds the model id of a series at a resolution (both validated). */
export function formatModelId(seriesId: string, resolution: string | Resolution): string {
  const res = typeof resolution === 'string' ? parseResolution(resolution) : resolution;
  return `${parseSeriesId(seriesId)}@${res.text}`;
}
