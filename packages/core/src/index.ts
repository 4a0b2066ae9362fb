// Public API of @myriad/core. Named exports only; internals stay unexported.
export {
  AGGREGATE_FNS,
  type Aggregated,
  type AggregateFn,
  type AggregateOptions,
  type AggregateStats,
  aggregate,
  type RawPoints,
  toResolution,
} from './aggregate.js';
export { builtinKinds, createDefaultRegistry } from './builtins.js';
export {
  CALIBRATION_LEVELS,
  type CalibrationTable,
  Calibrator,
  fitCalibration,
} from './calibrate.js';
export {
  type AlertDirection,
  type AlertOptions,
  type CoarseWindow,
  createEnsemble,
  createEnsembleResult,
  type Ensemble,
  type EnsembleMember,
  type EnsembleOptions,
  type EnsemblePostStep,
  type EnsemblePostStepFactory,
  type EnsembleResult,
  type EnsembleScorer,
  type ResolvedAlertOptions,
  type ResolvedMember,
} from './ensemble/index.js';
export {
  type CoreErrorCode,
  isMyriadError,
  MyriadError,
  type MyriadErrorOptions,
} from './errors.js';
export {
  type EnsembleFit,
  type FitEnsembleOptions,
  fitEnsembleModels,
  type KindSettings,
  type MemberAggregation,
  type MemberFailed,
  type MemberFit,
  type MemberFitted,
} from './fit-ensemble.js';
export { type BaselineOptions, baselineKind } from './kinds/baseline/index.js';
export { type HoltWintersOptions, holtWintersKind } from './kinds/holt-winters/index.js';
export { type SeasonalOptions, seasonalKind } from './kinds/seasonal/index.js';
export {
  createLikelihood,
  LIKELIHOOD_DEFAULTS,
  type Likelihood,
  type LikelihoodOptions,
  type LikelihoodState,
  type ResolvedLikelihoodOptions,
  resolveLikelihoodOptions,
  restoreLikelihood,
  upperTailLog10,
} from './likelihood.js';
export {
  createPrediction,
  type FitOptions,
  type JsonObject,
  type JsonValue,
  type Model,
  type ModelKind,
  type ModelParams,
  type ParamBlock,
  type Points,
  type Prediction,
  type Scorer,
  type TrainingInfo,
} from './model.js';
export { createRegistry, KindRegistry } from './registry.js';
export {
  DEFAULT_RESOLUTIONS,
  formatModelId,
  formatSeconds,
  isSeriesId,
  MAX_SERIES_ID_LENGTH,
  type ModelRef,
  parseModelId,
  parseResolution,
  parseSeriesId,
  type Resolution,
  type SeriesId,
} from './series.js';
