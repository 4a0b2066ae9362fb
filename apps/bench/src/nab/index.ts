// The NAB evaluation's public surface, re-exported by the package index.
export {
  loadNabCorpus,
  type NabCorpus,
  type NabCorpusFile,
} from './corpus.js';
export { detectBaseStep, parseSeriesCsv, parseTimestamp, type SeriesCsv } from './csv.js';
export { isNabError, NabError, type NabErrorCode } from './errors.js';
export {
  type NabScores,
  nabScores,
  type ScoreResultsOptions,
  scoreCorpus,
  scoreResultsFolder,
} from './evaluate.js';
export {
  ENSEMBLE_DETECTOR,
  type EvaluateNabOptions,
  evaluateNab,
  type NabEvaluation,
} from './nab-eval.js';
export { defaultNabDir } from './paths.js';
export { type ReplayOptions, type ReplayResult, replaySeries } from './replay.js';
export {
  DEFAULT_REPLAY_CONFIG,
  memberKey,
  type ReplayConfig,
  resolveReplayConfig,
} from './replay-config.js';
export { type ReplayFileOptions, readReplayConfig, replayFile } from './replay-file.js';
export { readDetectorResults, resultsPath, writeDetectorFile } from './results-io.js';
export {
  type CostProfile,
  NAB_PROFILES,
  PROFILE_NAMES,
  type ProfileName,
} from './scorer/profiles.js';
export { type DetectorScore, normaliseScore, scoreDetector, scoreFile } from './scorer/score.js';
export { type SweepResult, sweepThresholds } from './scorer/sweep.js';
export type { FileOutcome, ProfileResult, ScoredFile } from './scorer/types.js';
