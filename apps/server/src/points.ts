import type { Points } from '@myriad/core';
import { ApiError } from './errors.js';

/** A datapoint as validated by `DatapointSchema`. */
export interface Datapoint {
  timestamp: number | string;
  value: number | null;
}

/** Datapoints as parallel typed arrays; NaN marks a missing value. */
export interface ParsedPoints extends Points {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /** How many values are not missing. */
  readonly present: number;
}

/**
 * Arrays {@link parseDatapoints} may write into instead of allocating (grown
 * on demand): for a caller that is done with the result before parsing again.
 */
export interface PointsScratch {
  timestamps: Float64Array;
  values: Float64Array;
}

/**
 * Converts validated datapoints to typed arrays; with `into`, views of its
 * arrays (valid until the next parse into them). ISO strings without a zone are UTC.
 * Timestamps must not decrease: out-of-order input is rejected rather than sorted,
 * because a caller sending it has a bug a silent sort would hide.
 * @param path - field path used in messages, e.g. `datapoints` or `requests[3].datapoints`.
 * @throws ApiError `INVALID_REQUEST` (unparseable date), `UNORDERED_DATAPOINTS`,
 *   `UNUSABLE_INPUT` (every value null).
 */
export function parseDatapoints(
  points: readonly Datapoint[],
  path = 'datapoints',
  into?: PointsScratch,
): ParsedPoints {
  const n = points.length;
  let timestamps: Float64Array;
  let values: Float64Array;
  if (into === undefined) {
    timestamps = new Float64Array(n);
    values = new Float64Array(n);
  } else {
    if (into.timestamps.length < n) {
      const size = Math.max(n, into.timestamps.length * 2);
      into.timestamps = new Float64Array(size);
      into.values = new Float64Array(size);
    }
    timestamps = into.timestamps.subarray(0, n);
    values = into.values.subarray(0, n);
  }
  let present = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const point = points[i] as Datapoint;
    const t =
      typeof point.timestamp === 'number'
        ? point.timestamp
        : parseIsoSeconds(point.timestamp, path, i);
    if (t < previous) {
      throw new ApiError(
        'UNORDERED_DATAPOINTS',
        `${path}[${i}].timestamp: ${t} is earlier than the point before it (${previous}); datapoints must be in ascending time`,
      );
    }
    previous = t;
    timestamps[i] = t;
    const v = point.value;
    if (v === null) {
      values[i] = Number.NaN;
    } else {
      values[i] = v;
      present++;
    }
  }
  if (present === 0) {
    throw new ApiError('UNUSABLE_INPUT', `${path}: every value is null; nothing to score`);
  }
  return { timestamps, values, present };
}

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;

function parseIsoSeconds(text: string, path: string, index: number): number {
  // A date-time without a zone is read as UTC, never as the server's local time.
  const withZone = text.length > 10 && !HAS_ZONE.test(text) ? `${text}Z` : text;
  const ms = Date.parse(withZone);
  if (!Number.isFinite(ms) || ms < 0 || !isCalendarDate(text)) {
    throw new ApiError(
      'INVALID_REQUEST',
      `${path}[${index}].timestamp: ${JSON.stringify(text)} is not a valid ISO-8601 date-time at or after 1970`,
    );
  }
  return ms / 1000;
}

/** `Date.parse` rolls 2024-02-30 over to March 1st; a caller's typo should be an error instead. */
function isCalendarDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}
