import { hc } from 'hono/client';
import { MyriadApiError } from './errors.js';
import type { MyriadApp } from './schema.js';
import type {
  AlertOptions,
  BatchResponse,
  Datapoint,
  Health,
  ModelMetadata,
  ModelPrediction,
  PredictRequest,
  Ready,
  RunCreated,
  RunStatus,
  SeriesScoreResponse,
} from './types.js';

/** Options for {@link createMyriadClient}. */
export interface MyriadClientOptions {
  /** Sent as `Authorization: Bearer <apiKey>` when given. */
  apiKey?: string;
  /** Extra headers on every request (e.g. `x-request-id`). */
  headers?: Record<string, string>;
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** The raw Hono RPC client over the API's route types (`hc<MyriadApp>`). */
export type MyriadRpc = ReturnType<typeof hc<MyriadApp>>;

/**
 * A typed client for the Myriad API. Every method resolves with the parsed
 * 2xx body and throws {@link MyriadApiError} (with the server's `code`) otherwise.
 * Path parameters (model and series ids) are URL-encoded here.
 */
export interface MyriadClient {
  /** The underlying `hc` client, for routes and options the helpers do not cover. */
  readonly rpc: MyriadRpc;
  /** `POST /predict` → one score per datapoint. */
  predict(modelId: string, datapoints: Datapoint[]): Promise<number[]>;
  /** `POST /v1/models/{modelId}/predict`; `explain` adds expected, lower and upper. */
  predictModel(
    modelId: string,
    datapoints: Datapoint[],
    options?: { explain?: boolean },
  ): Promise<ModelPrediction>;
  /** `POST /v1/predict/batch`: a failing model yields an entry with `error`, not a thrown error. */
  predictBatch(requests: PredictRequest[], options?: { explain?: boolean }): Promise<BatchResponse>;
  /** `POST /v1/series/{seriesId}/score`: the ensemble result per raw point. */
  scoreSeries(
    seriesId: string,
    datapoints: Datapoint[],
    options?: { resolutions?: string[]; alert?: AlertOptions },
  ): Promise<SeriesScoreResponse>;
  /** `GET /v1/models/{modelId}`. */
  getModel(modelId: string): Promise<ModelMetadata>;
  /** `POST /v1/runs` with a run spec (see the trainer's README). */
  createRun(spec: Record<string, unknown>): Promise<RunCreated>;
  /** `GET /v1/runs/{id}`. */
  getRun(runId: string): Promise<RunStatus>;
  /** `GET /healthz`. */
  health(): Promise<Health>;
  /** `GET /readyz`; resolves with `status: 'unavailable'` (not a throw) on 503. */
  ready(): Promise<Ready>;
}

/**
 * Creates a client for a server at `baseUrl` (e.g. `http://127.0.0.1:8080`).
 * @throws TypeError when `baseUrl` is not an http(s) URL.
 */
export function createMyriadClient(
  baseUrl: string,
  options: MyriadClientOptions = {},
): MyriadClient {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  const rpc = hc<MyriadApp>(url.toString(), {
    headers,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const explainQuery = (explain: boolean | undefined) =>
    explain === true ? { explain: 'true' as const } : {};

  return {
    rpc,
    async predict(modelId, datapoints) {
      const body = await read<{ anomaly_scores: number[] }>(
        rpc.predict.$post({ json: { model_id: modelId, datapoints } }),
      );
      return body.anomaly_scores;
    },
    predictModel(modelId, datapoints, opts = {}) {
      return read(
        rpc.v1.models[':modelId'].predict.$post({
          param: { modelId: encodeURIComponent(modelId) },
          query: explainQuery(opts.explain),
          json: { datapoints },
        }),
      );
    },
    predictBatch(requests, opts = {}) {
      return read(
        rpc.v1.predict.batch.$post({ query: explainQuery(opts.explain), json: { requests } }),
      );
    },
    scoreSeries(seriesId, datapoints, opts = {}) {
      return read(
        rpc.v1.series[':seriesId'].score.$post({
          param: { seriesId: encodeURIComponent(seriesId) },
          json: { datapoints, resolutions: opts.resolutions, alert: opts.alert },
        }),
      );
    },
    getModel(modelId) {
      return read(
        rpc.v1.models[':modelId'].$get({ param: { modelId: encodeURIComponent(modelId) } }),
      );
    },
    createRun(spec) {
      return read(rpc.v1.runs.$post({ json: spec }));
    },
    getRun(runId) {
      return read(rpc.v1.runs[':id'].$get({ param: { id: encodeURIComponent(runId) } }));
    },
    health() {
      return read(rpc.healthz.$get());
    },
    ready() {
      return read(rpc.readyz.$get(), [503]);
    },
  };
}

interface AnyResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** Awaits a response; 2xx (or an `accept`ed status) → its JSON body; else throws the server's error. */
async function read<T>(pending: Promise<AnyResponse>, accept: readonly number[] = []): Promise<T> {
  let res: AnyResponse;
  try {
    res = await pending;
  } catch (err) {
    throw new MyriadApiError(0, 'NETWORK', `request failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    throw new MyriadApiError(
      res.status,
      'BAD_RESPONSE',
      `HTTP ${res.status} with a body that is not JSON`,
      {
        cause: err,
      },
    );
  }
  if (res.ok || accept.includes(res.status)) return body as T;
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  throw new MyriadApiError(
    res.status,
    typeof error?.code === 'string' ? error.code : 'HTTP_ERROR',
    typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`,
  );
}
