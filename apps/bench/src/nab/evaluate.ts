import path from 'node:path';
import { loadNabCorpus, type NabCorpus } from './corpus.js';
import { NabError } from './errors.js';
import { readDetectorResults } from './results-io.js';
import { PROFILE_NAMES, type ProfileName } from './scorer/profiles.js';
import { type DetectorScore, scoreDetector } from './scorer/score.js';
import type { ScoredFile } from './scorer/types.js';

/** A detector's three normalised NAB scores, the shape of every JSON summary. */
export type NabScores = Record<ProfileName, number>;

/** Options of {@link scoreResultsFolder}. */
export interface ScoreResultsOptions {
  /** The NAB folder (data, labels, config). */
  readonly nabDir: string;
  /** A results folder in NAB's layout: `<dir>/<category>/<detector>_<file>.csv`. */
  readonly resultsDir: string;
  /** The detector name, the prefix of each results file. */
  readonly detector: string;
  /**
   * Score at NAB's published thresholds (`config/thresholds.json`) for this
   * detector instead of sweeping. Default false (sweep, as NAB's current code does).
   */
  readonly publishedThresholds?: boolean;
  /** An already loaded corpus, to skip reading it again. */
  readonly corpus?: NabCorpus;
}

/**
 * Reads and scores one detector's results folder against the NAB corpus.
 * @throws NabError `INVALID_RESULTS`, `INVALID_NAB_DATA`, or `INVALID_OPTIONS`
 *   when published thresholds are asked for a detector that has none.
 */
export async function scoreResultsFolder(options: ScoreResultsOptions): Promise<DetectorScore> {
  if (!/^[A-Za-z0-9._-]+$/.test(options.detector)) {
    throw new NabError(
      'INVALID_OPTIONS',
      `detector name ${JSON.stringify(options.detector)} must match [A-Za-z0-9._-]+`,
    );
  }
  const corpus = options.corpus ?? (await loadNabCorpus(options.nabDir));
  const files = await readDetectorResults(
    corpus,
    path.resolve(options.resultsDir),
    options.detector,
  );
  return scoreCorpus(
    corpus,
    files,
    options.publishedThresholds === true ? options.detector : undefined,
  );
}

/**
 * Scores in-memory results (one {@link ScoredFile} per corpus file), sweeping
 * each profile's threshold, or at the published thresholds of `publishedFor`.
 * @throws NabError `INVALID_OPTIONS` when `publishedFor` has no published thresholds.
 */
export function scoreCorpus(
  corpus: NabCorpus,
  files: readonly ScoredFile[],
  publishedFor?: string,
): DetectorScore {
  let thresholds: Record<string, number> | undefined;
  if (publishedFor !== undefined) {
    thresholds = corpus.publishedThresholds[publishedFor];
    if (thresholds === undefined || Object.keys(thresholds).length < PROFILE_NAMES.length) {
      throw new NabError(
        'INVALID_OPTIONS',
        `config/thresholds.json has no thresholds for detector ${JSON.stringify(publishedFor)}`,
      );
    }
  }
  return scoreDetector(files, corpus.profiles, thresholds === undefined ? {} : { thresholds });
}

/** The three normalised scores of a {@link DetectorScore}. */
export function nabScores(score: DetectorScore): NabScores {
  const out = {} as NabScores;
  for (const name of PROFILE_NAMES) out[name] = score.profiles[name]?.normalised ?? Number.NaN;
  return out;
}
