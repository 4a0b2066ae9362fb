import type { JSONValue } from 'hono/utils/types';

/**
 * The Myriad HTTP API's request and response bodies, declared here so the
 * published client needs nothing from the (private) server package. A
 * type-level test (`schema.test.ts`) checks them against the server's
 * exported `AppType`, so they cannot drift apart unnoticed.
 */

/** One observation. `timestamp`: Unix seconds (integer or float) or an ISO-8601 string (no zone = UTC). */
export interface Datapoint {
  timestamp: number | string;
  /** `null` marks a missing value (it advances time and scores 0). */
  value: number | null;
}

/** `POST /predict` body. Datapoints must be in ascending time. */
export interface PredictRequest {
  /** `<series id>@<resolution>`, e.g. `us-east-1/host-00042/page_load_ms@15m`. */
  model_id: string;
  datapoints: Datapoint[];
}

/** `POST /predict` answer: one calibrated score in [0, 1] per datapoint. */
export interface PredictResponse {
  anomaly_scores: number[];
}

/** `POST /v1/models/{modelId}/predict` body. */
export interface ModelPredictRequest {
  datapoints: Datapoint[];
}

/** A model's scores; with `explain=true` also the expected value and band per point. */
export interface ModelPrediction {
  model_id: string;
  anomaly_scores: number[];
  expected?: Array<number | null> | undefined;
  lower?: Array<number | null> | undefined;
  upper?: Array<number | null> | undefined;
}

/** What every error response carries. */
export interface ErrorInfo {
  /** Stable code, e.g. `INVALID_REQUEST`, `MODEL_NOT_FOUND`, `STORE_UNAVAILABLE`. */
  code: string;
  /** Human-readable; for 400 it names the offending field path. */
  message: string;
}

/** The body of every error response. */
export interface ErrorResponse {
  error: ErrorInfo;
}

/** `POST /v1/predict/batch` body: up to 1,000 models. */
export interface BatchRequest {
  requests: PredictRequest[];
}

/** A batch entry whose model failed (unknown, unusable input, store down…). */
export interface BatchErrorEntry {
  model_id: string;
  error: ErrorInfo;
}

/** `POST /v1/predict/batch` answer: one entry per request, in order. */
export interface BatchResponse {
  results: Array<ModelPrediction | BatchErrorEntry>;
}

/** Alert noise controls for a series score; all optional (see `@myriad/core` AlertOptions). */
export interface AlertOptions {
  threshold?: number | undefined;
  minDeviation?: number | undefined;
  minRelativeDeviation?: number | undefined;
  direction?: 'up' | 'down' | 'both' | undefined;
  confirm?: { n: number; m: number } | undefined;
  suppressSeconds?: number | undefined;
}

/** `POST /v1/series/{seriesId}/score` body: raw fine-grained points. */
export interface SeriesScoreRequest {
  datapoints: Datapoint[];
  /** Default `['1m', '15m', '1h']`. */
  resolutions?: string[] | undefined;
  alert?: AlertOptions | undefined;
}

/** `POST /v1/series/{seriesId}/score` answer: parallel arrays, one entry per datapoint. */
export interface SeriesScoreResponse {
  series_id: string;
  /** Finest first. */
  resolutions: string[];
  /** Model id per resolution; null when that model is not stored. */
  models: Record<string, string | null>;
  /** Combined ensemble score per point. */
  anomaly_scores: number[];
  resolution_scores: Record<string, number[]>;
  expected: Array<number | null>;
  lower: Array<number | null>;
  upper: Array<number | null>;
  alerts: boolean[];
}

/** `GET /v1/models/{modelId}` answer. */
export interface ModelMetadata {
  model_id: string;
  kind: string;
  version: number;
  trained: { from: number; to: number; step_seconds: number; points: number };
  artifact_bytes: number;
  created_at: number | null;
}

/** `POST /v1/runs` answer. */
export interface RunCreated {
  run_id: string;
}

/** `GET /v1/runs/{id}` answer: state plus the trainer's progress fields. */
export interface RunStatus {
  run_id: string;
  state: string;
  [key: string]: JSONValue;
}

/** `GET /healthz` answer. */
export interface Health {
  status: 'ok';
}

/** `GET /readyz` answer (status 200 when ready, 503 when the store is unreachable). */
export interface Ready {
  status: 'ready' | 'unavailable';
  store: string;
}
