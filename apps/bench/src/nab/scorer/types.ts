import type { RowWindow } from './weights.js';

/** One file's detector output, ready to score: its row count, its windows and one score per row. */
export interface ScoredFile {
  /** The file's corpus path, e.g. `realKnownCause/nyc_taxi.csv`. */
  readonly name: string;
  /** Rows in the data file (N). */
  readonly rowCount: number;
  /** Anomaly windows as inclusive row indices, ordered, non-overlapping. */
  readonly windows: readonly RowWindow[];
  /** One anomaly score in [0, 1] per row, in file order. */
  readonly scores: ArrayLike<number>;
}

/** The outcome of one file at one threshold. */
export interface FileOutcome {
  readonly name: string;
  /** Raw (unnormalised) score of the file. */
  readonly score: number;
  /** Detected scorable rows inside windows. */
  readonly tp: number;
  /** Undetected scorable rows outside windows. */
  readonly tn: number;
  /** Detected scorable rows outside windows. */
  readonly fp: number;
  /** Undetected scorable rows inside windows. */
  readonly fn: number;
  /** Windows with at least one detection. */
  readonly windowsDetected: number;
  /** Windows with at least one scorable row. */
  readonly windows: number;
}

/** A detector's result for one profile. */
export interface ProfileResult {
  /** The threshold used: detected iff score ≥ threshold. */
  readonly threshold: number;
  /** Raw corpus score (sum of file scores). */
  readonly raw: number;
  /** NAB score: 0 = the null detector, 100 = perfect. */
  readonly normalised: number;
}
