import type { CostProfile } from './profiles.js';
import { checkScores, type SweepResult, sweepThresholds } from './sweep.js';
import type { FileOutcome, ProfileResult, ScoredFile } from './types.js';
import { probationaryRows, rowWeights, windowOfRows } from './weights.js';

/**
 * Scores one file at threshold θ (SCORING.md §5): each window adds the
 * weight of its earliest detected scorable row, or −A_FN when missed; each
 * detected scorable row outside all windows adds its own (negative) weight.
 *
 * O(N), allocates O(N).
 * @throws NabError `INVALID_RESULTS` or `INVALID_NAB_DATA` for bad scores or windows.
 */
export function scoreFile(file: ScoredFile, profile: CostProfile, threshold: number): FileOutcome {
  checkScores(file);
  const weights = rowWeights(file.rowCount, file.windows, profile);
  const owner = windowOfRows(file.rowCount, file.windows);
  const best = new Float64Array(file.windows.length).fill(Number.NEGATIVE_INFINITY);
  const hasScorable = new Uint8Array(file.windows.length);
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let fpSum = 0;
  for (let i = probationaryRows(file.rowCount); i < file.rowCount; i++) {
    const detected = (file.scores[i] as number) >= threshold;
    const k = owner[i] as number;
    if (k >= 0) {
      hasScorable[k] = 1;
      if (detected) {
        tp++;
        if ((weights[i] as number) > (best[k] as number)) best[k] = weights[i] as number;
      } else {
        fn++;
      }
    } else if (detected) {
      fp++;
      fpSum += weights[i] as number;
    } else {
      tn++;
    }
  }
  let score = fpSum;
  let windows = 0;
  let windowsDetected = 0;
  for (let k = 0; k < file.windows.length; k++) {
    if (hasScorable[k] === 0) continue;
    windows++;
    const b = best[k] as number;
    if (b === Number.NEGATIVE_INFINITY) {
      score -= profile.fnWeight;
    } else {
      windowsDetected++;
      score += Math.max(-profile.fnWeight, b);
    }
  }
  return { name: file.name, score, tp, tn, fp, fn, windowsDetected, windows };
}

/** Windows with at least one scorable row, over all files. */
export function countScorableWindows(files: readonly ScoredFile[]): number {
  let n = 0;
  for (const file of files) {
    const start = probationaryRows(file.rowCount);
    for (const [, last] of file.windows) if (last >= start) n++;
  }
  return n;
}

/**
 * NAB's normalisation (SCORING.md §7): 0 = the null detector (detects
 * nothing, so −A_FN per window), 100 = the perfect detector (A_TP per window).
 */
export function normaliseScore(raw: number, profile: CostProfile, windowCount: number): number {
  const nullScore = -profile.fnWeight * windowCount;
  const perfect = profile.tpWeight * windowCount;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}

/** A detector's results per profile, and per file at each profile's threshold. */
export interface DetectorScore {
  readonly profiles: Readonly<Record<string, ProfileResult>>;
  readonly files: Readonly<Record<string, readonly FileOutcome[]>>;
}

/** How {@link scoreDetector} picks each profile's threshold. */
export interface ScoreDetectorOptions {
  /**
   * Fixed thresholds by profile name (e.g. NAB's published `config/thresholds.json`).
   * A profile without one is swept. Default: sweep every profile.
   */
  readonly thresholds?: Readonly<Record<string, number>>;
}

/**
 * Scores a detector on a corpus for each profile: at the given threshold, or
 * at the threshold NAB's sweep finds; then normalises.
 * @throws NabError `INVALID_RESULTS` or `INVALID_NAB_DATA` for bad scores or windows.
 */
export function scoreDetector(
  files: readonly ScoredFile[],
  profiles: readonly CostProfile[],
  options: ScoreDetectorOptions = {},
): DetectorScore {
  const toSweep = profiles.filter((p) => options.thresholds?.[p.name] === undefined);
  const swept = new Map<string, SweepResult>();
  if (toSweep.length > 0) {
    const results = sweepThresholds(files, toSweep);
    toSweep.forEach((p, i) => {
      swept.set(p.name, results[i] as SweepResult);
    });
  }
  const windowCount = countScorableWindows(files);
  const byProfile: Record<string, ProfileResult> = {};
  const byFile: Record<string, FileOutcome[]> = {};
  for (const profile of profiles) {
    const threshold = options.thresholds?.[profile.name] ?? swept.get(profile.name)?.threshold;
    const outcomes = files.map((f) => scoreFile(f, profile, threshold as number));
    let raw = 0;
    for (const o of outcomes) raw += o.score;
    byProfile[profile.name] = {
      threshold: threshold as number,
      raw,
      normalised: normaliseScore(raw, profile, windowCount),
    };
    byFile[profile.name] = outcomes;
  }
  return { profiles: byProfile, files: byFile };
}
