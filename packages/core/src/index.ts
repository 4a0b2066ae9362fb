// Public API of @myriad/core. Named exports only; internals stay unexported.
export {
  type CoreErrorCode,
  isMyriadError,
  MyriadError,
  type MyriadErrorOptions,
} from './errors.js';
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
