// Public API of @myriad/client. Named exports only.
export {
  createMyriadClient,
  type MyriadClient,
  type MyriadClientOptions,
  type MyriadRpc,
} from './client.js';
export { isMyriadApiError, MyriadApiError } from './errors.js';
export type { MyriadApp, MyriadSchema } from './schema.js';
export type {
  AlertOptions,
  BatchErrorEntry,
  BatchRequest,
  BatchResponse,
  Datapoint,
  ErrorInfo,
  ErrorResponse,
  Health,
  ModelMetadata,
  ModelPrediction,
  ModelPredictRequest,
  PredictRequest,
  PredictResponse,
  Ready,
  RunCreated,
  RunStatus,
  SeriesScoreRequest,
  SeriesScoreResponse,
} from './types.js';
