import { NabError } from './errors.js';

/** A `timestamp,value` CSV, parsed. */
export interface SeriesCsv {
  /** The timestamp text of each row, as written. */
  readonly timestampText: readonly string[];
  /** The value text of each row, as written (empty for missing). */
  readonly valueText: readonly string[];
  /** Unix seconds per row, in file order (not necessarily ascending). */
  readonly timestamps: Float64Array;
  /** Values per row; NaN for a missing (empty, `NaN`, `null`) value. */
  readonly values: Float64Array;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MISSING = new Set(['', 'nan', 'NaN', 'null', 'NULL', 'NA']);

/**
 * Parses a timestamp: Unix seconds (a number), or an ISO-8601-like date
 * `YYYY-MM-DD[ T]HH:MM[:SS[.fff]][Z|±HH:MM]`, read as UTC when it has no zone.
 * Returns NaN when it is neither.
 */
export function parseTimestamp(text: string): number {
  const t = text.trim();
  if (t === '') return Number.NaN;
  const m = DATE_TIME.exec(t);
  if (m === null) {
    const n = Number(t);
    return Number.isFinite(n) ? n : Number.NaN;
  }
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  let seconds = ms / 1000 + (m[7] === undefined ? 0 : Number(m[7]));
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    seconds -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return seconds;
}

/**
 * Parses a CSV with a header naming `timestamp` and `value` columns (any
 * order, other columns ignored). Values may be missing (empty, `NaN`,
 * `null`): they become NaN and the row is kept.
 * @throws NabError `INVALID_CSV` naming the line of a bad timestamp or value,
 *   a missing column, or a file without rows.
 */
export function parseSeriesCsv(text: string, what = 'CSV'): SeriesCsv {
  const lines = text.split('\n');
  const header = (lines[0] ?? '')
    .replace(/\r$/, '')
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, ''));
  const tCol = header.indexOf('timestamp');
  const vCol = header.indexOf('value');
  if (tCol < 0 || vCol < 0) {
    throw new NabError(
      'INVALID_CSV',
      `${what}: the header must name a timestamp and a value column, got ${JSON.stringify(lines[0]?.slice(0, 80) ?? '')}`,
    );
  }
  const timestampText: string[] = [];
  const valueText: string[] = [];
  const ts: number[] = [];
  const vs: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const tText = (cells[tCol] ?? '').trim();
    const vText = (cells[vCol] ?? '').trim();
    const t = parseTimestamp(tText);
    if (!Number.isFinite(t)) {
      throw new NabError(
        'INVALID_CSV',
        `${what} line ${i + 1}: timestamp ${JSON.stringify(tText)} is not a date or Unix seconds`,
      );
    }
    let v: number;
    if (MISSING.has(vText)) {
      v = Number.NaN;
    } else {
      v = Number(vText);
      if (!Number.isFinite(v)) {
        throw new NabError(
          'INVALID_CSV',
          `${what} line ${i + 1}: value ${JSON.stringify(vText)} is not a finite number`,
        );
      }
    }
    timestampText.push(tText);
    valueText.push(vText);
    ts.push(t);
    vs.push(v);
  }
  if (ts.length === 0) throw new NabError('INVALID_CSV', `${what} has no data rows`);
  return {
    timestampText,
    valueText,
    timestamps: Float64Array.from(ts),
    values: Float64Array.from(vs),
  };
}

/**
 * The base sampling step of a series in whole seconds: the median of the
 * positive gaps between consecutive timestamps (robust to gaps, duplicates
 * and irregular sampling), at least 1.
 * @throws NabError `INVALID_CSV` when fewer than two distinct timestamps exist.
 */
export function detectBaseStep(timestamps: ArrayLike<number>): number {
  const gaps: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    const d = (timestamps[i] as number) - (timestamps[i - 1] as number);
    if (d > 0) gaps.push(d);
  }
  if (gaps.length === 0) {
    throw new NabError(
      'INVALID_CSV',
      'cannot find a sampling step: fewer than two distinct timestamps',
    );
  }
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median =
    gaps.length % 2 === 1
      ? (gaps[mid] as number)
      : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
  return Math.max(1, Math.round(median));
}
