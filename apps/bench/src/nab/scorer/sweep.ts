import { NabError } from '../errors.js';
import type { CostProfile } from './profiles.js';
import type { ScoredFile } from './types.js';
import { probationaryRows, rowWeights, windowOfRows } from './weights.js';

/** The best single corpus-wide threshold for one profile. */
export interface SweepResult {
  /** The highest threshold reaching the best score (1.1 = detect nothing). */
  readonly threshold: number;
  /** Raw corpus score at that threshold. */
  readonly raw: number;
}

/** The "detect nothing" candidate NAB starts its sweep from. */
export const NOTHING_THRESHOLD = 1.1;

/**
 * NAB's exhaustive threshold sweep (SCORING.md §6): pools the scorable rows
 * of every file, walks them by descending anomaly score, and returns, per
 * profile, the threshold with the largest corpus score (the highest such
 * threshold on ties).
 *
 * O(R log R) for R scorable rows (one sort shared by all profiles); allocates
 * O(R).
 * @throws NabError `INVALID_RESULTS` when a file's scores are not one finite number in [0, 1] per row.
 */
export function sweepThresholds(
  files: readonly ScoredFile[],
  profiles: readonly CostProfile[],
): SweepResult[] {
  let total = 0;
  for (const file of files) {
    checkScores(file);
    total += file.rowCount - probationaryRows(file.rowCount);
  }
  const scores = new Float64Array(total);
  const windowIds = new Int32Array(total);
  const weights = profiles.map(() => new Float64Array(total));
  const rowsPerWindow: number[] = [];
  let at = 0;
  let windowBase = 0;
  for (const file of files) {
    const start = probationaryRows(file.rowCount);
    const owner = windowOfRows(file.rowCount, file.windows);
    const fileWeights = profiles.map((p) => rowWeights(file.rowCount, file.windows, p));
    for (let k = 0; k < file.windows.length; k++) rowsPerWindow.push(0);
    for (let i = start; i < file.rowCount; i++, at++) {
      scores[at] = file.scores[i] as number;
      const k = owner[i] as number;
      windowIds[at] = k < 0 ? -1 : windowBase + k;
      if (k >= 0) rowsPerWindow[windowBase + k] = (rowsPerWindow[windowBase + k] as number) + 1;
      for (let p = 0; p < profiles.length; p++) {
        (weights[p] as Float64Array)[at] = (fileWeights[p] as Float64Array)[i] as number;
      }
    }
    windowBase += file.windows.length;
  }
  const order = sortDescending(scores);
  const countedWindows = rowsPerWindow.filter((n) => n > 0).length;
  return profiles.map((profile, p) =>
    walk(order, scores, windowIds, weights[p] as Float64Array, windowBase, countedWindows, profile),
  );
}

function walk(
  order: Uint32Array,
  scores: Float64Array,
  windowIds: Int32Array,
  weights: Float64Array,
  windowTotal: number,
  countedWindows: number,
  profile: CostProfile,
): SweepResult {
  const entry = new Float64Array(windowTotal).fill(-profile.fnWeight);
  let windowSum = 0 - profile.fnWeight * countedWindows;
  let fpSum = 0;
  let best = windowSum;
  let bestThreshold = NOTHING_THRESHOLD;
  let j = 0;
  while (j < order.length) {
    const threshold = scores[order[j] as number] as number;
    // Take every row with this same score before recording the total.
    while (j < order.length && scores[order[j] as number] === threshold) {
      const row = order[j] as number;
      const w = weights[row] as number;
      const k = windowIds[row] as number;
      if (k < 0) {
        fpSum += w;
      } else if (w > (entry[k] as number)) {
        windowSum += w - (entry[k] as number);
        entry[k] = w;
      }
      j++;
    }
    const corpus = fpSum + windowSum;
    if (corpus > best) {
      best = corpus;
      bestThreshold = threshold;
    }
  }
  return { threshold: bestThreshold, raw: best };
}

/** Row indices ordered by descending score. O(R log R). */
function sortDescending(scores: Float64Array): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number));
  return order;
}

/**
 * Checks a file's scores: one finite number in [0, 1] per row.
 * @throws NabError `INVALID_RESULTS` naming the file and the first bad row.
 */
export function checkScores(file: ScoredFile): void {
  if (file.scores.length !== file.rowCount) {
    throw new NabError(
      'INVALID_RESULTS',
      `${file.name}: ${file.scores.length} anomaly scores for ${file.rowCount} data rows`,
    );
  }
  for (let i = 0; i < file.rowCount; i++) {
    const s = file.scores[i] as number;
    if (!(s >= 0 && s <= 1)) {
      throw new NabError(
        'INVALID_RESULTS',
        `${file.name}: anomaly_score of row ${i} is ${s}, must be a number in [0, 1]`,
      );
    }
  }
}
