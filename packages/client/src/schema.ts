import type { Hono } from 'hono';
import type { BlankEnv } from 'hono/types';
import type {
  BatchRequest,
  BatchResponse,
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

type Json<I, O, S extends number> = { input: I; output: O; outputFormat: 'json'; status: S };
type Errors<I, S extends number> = S extends number ? Json<I, ErrorResponse, S> : never;
type Explain = { query: { explain?: 'true' | 'false' | '1' | '0' | undefined } };
type PredictErrors = 400 | 401 | 403 | 404 | 413 | 415 | 422 | 503;

/** The API's routes in Hono's schema form: what `hc` turns into typed methods. */
export type MyriadSchema = {
  '/predict': {
    $post:
      | Json<{ json: PredictRequest }, PredictResponse, 200>
      | Errors<{ json: PredictRequest }, PredictErrors>;
  };
  '/v1/models/:modelId/predict': {
    $post:
      | Json<
          { param: { modelId: string } } & Explain & { json: ModelPredictRequest },
          ModelPrediction,
          200
        >
      | Errors<
          { param: { modelId: string } } & Explain & { json: ModelPredictRequest },
          PredictErrors
        >;
  };
  '/v1/predict/batch': {
    $post:
      | Json<Explain & { json: BatchRequest }, BatchResponse, 200>
      | Errors<Explain & { json: BatchRequest }, 400 | 401 | 403 | 413 | 415>;
  };
  '/v1/series/:seriesId/score': {
    $post:
      | Json<
          { param: { seriesId: string } } & { json: SeriesScoreRequest },
          SeriesScoreResponse,
          200
        >
      | Errors<{ param: { seriesId: string } } & { json: SeriesScoreRequest }, PredictErrors>;
  };
  '/v1/models/:modelId': {
    $get:
      | Json<{ param: { modelId: string } }, ModelMetadata, 200>
      | Errors<{ param: { modelId: string } }, 400 | 401 | 403 | 404 | 503>;
  };
  '/v1/runs': {
    $post:
      | Json<{ json: Record<string, unknown> }, RunCreated, 202>
      | Errors<{ json: Record<string, unknown> }, 400 | 401 | 403 | 413 | 415 | 503>;
  };
  '/v1/runs/:id': {
    $get:
      | Json<{ param: { id: string } }, RunStatus, 200>
      | Errors<{ param: { id: string } }, 401 | 403 | 404 | 503>;
  };
  '/healthz': { $get: Json<Record<never, never>, Health, 200> };
  '/readyz': {
    $get: Json<Record<never, never>, Ready, 200> | Json<Record<never, never>, Ready, 503>;
  };
  '/metrics': {
    $get:
      | { input: Record<never, never>; output: string; outputFormat: 'text'; status: 200 }
      | Errors<Record<never, never>, 401 | 403>;
  };
};

/** A Hono app type with the API's routes: the type parameter of `hc`. */
export type MyriadApp = Hono<BlankEnv, MyriadSchema, '/'>;
