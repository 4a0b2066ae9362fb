import { createRoute, type z } from '@hono/zod-openapi';
import {
  createEnsemble,
  DEFAULT_RESOLUTIONS,
  type Model,
  parseResolution,
  parseSeriesId,
  type Resolution,
} from '@myriad/core';
import { ApiError } from '../errors.js';
import { numbersJson, sendJsonText } from '../json.js';
import type { ServerMetrics } from '../metrics.js';
import type { Auth } from '../middleware/auth.js';
import { parseDatapoints } from '../points.js';
import type { Predictor } from '../predictor.js';
import { createRouter } from '../router.js';
import { errorResponses } from '../schemas/common.js';
import {
  SeriesIdParamSchema,
  SeriesScoreRequestSchema,
  SeriesScoreResponseSchema,
} from '../schemas/series.js';

/** What the series route needs. */
export interface SeriesRoutesOptions {
  auth: Auth;
  predictor: Predictor;
  metrics: ServerMetrics;
}

/**
 * `POST /v1/series/{seriesId}/score`: loads the series' model at each resolution
 * (default 1m, 15m, 1h) and scores the raw fine points with core's ensemble.
 * A resolution with no stored model is left out of the combination (its
 * scores are 0 and `models[res]` is null); if none is stored the answer is 404.
 */
export function createSeriesRoutes({ auth, predictor, metrics }: SeriesRoutesOptions) {
  const route = createRoute({
    method: 'post',
    path: '/v1/series/{seriesId}/score',
    summary: "Score raw points with the series' ensemble of resolutions",
    middleware: auth.require('predict'),
    request: {
      params: SeriesIdParamSchema,
      body: {
        content: { 'application/json': { schema: SeriesScoreRequestSchema } },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'per point ensemble result',
        content: { 'application/json': { schema: SeriesScoreResponseSchema } },
      },
      ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503),
    },
  });

  return createRouter().openapi(route, async (c) => {
    const { seriesId: rawId } = c.req.valid('param');
    const body = c.req.valid('json');
    let seriesId: string;
    try {
      seriesId = parseSeriesId(rawId);
    } catch (err) {
      throw new ApiError('INVALID_REQUEST', `seriesId: ${(err as Error).message}`);
    }
    const resolutions = parseResolutions(body.resolutions ?? DEFAULT_RESOLUTIONS);
    const points = parseDatapoints(body.datapoints, 'datapoints');

    const ids = resolutions.map((r) => `${seriesId}@${r.text}`);
    const loaded = await Promise.allSettled(ids.map((id) => predictor.load(id, 'seriesId')));
    const models: Record<string, string | null> = {};
    const members: Array<{ resolution: Resolution; model: Model | null }> = [];
    loaded.forEach((outcome, i) => {
      const resolution = resolutions[i] as Resolution;
      if (outcome.status === 'fulfilled') {
        members.push({ resolution, model: outcome.value });
        models[resolution.text] = ids[i] as string;
        return;
      }
      const code = (outcome.reason as { code?: unknown }).code;
      if (code !== 'MODEL_NOT_FOUND') throw outcome.reason;
      members.push({ resolution, model: null });
      models[resolution.text] = null;
    });
    if (!members.some((m) => m.model !== null)) {
      throw new ApiError(
        'MODEL_NOT_FOUND',
        `no model stored for series ${JSON.stringify(seriesId)} at ${resolutions.map((r) => r.text).join(', ')}`,
      );
    }
    const ensemble = createEnsemble(
      body.alert === undefined ? { members } : { members, alert: body.alert },
    );
    const result = ensemble.score(points);
    metrics.predictions.inc({ route: 'series' }, members.filter((m) => m.model !== null).length);
    // Built by hand: numbersJson writes the same digits as JSON.stringify, far cheaper.
    let perResolution = '';
    result.resolutions.forEach((text, i) => {
      perResolution += `${i === 0 ? '' : ','}${JSON.stringify(text)}:${numbersJson(result.scores[i] as Float64Array)}`;
    });
    let alerts = '';
    for (let i = 0; i < result.length; i++)
      alerts += `${i === 0 ? '' : ','}${result.alert[i] === 1}`;
    const text =
      `{"series_id":${JSON.stringify(seriesId)},"resolutions":${JSON.stringify(result.resolutions)},` +
      `"models":${JSON.stringify(models)},"anomaly_scores":${numbersJson(result.combined)},` +
      `"resolution_scores":{${perResolution}},"expected":${numbersJson(result.expected)},` +
      `"lower":${numbersJson(result.lower)},"upper":${numbersJson(result.upper)},"alerts":[${alerts}]}`;
    return sendJsonText<z.infer<typeof SeriesScoreResponseSchema>>(c, text);
  });
}

function parseResolutions(texts: readonly string[]): Resolution[] {
  const out: Resolution[] = [];
  const seen = new Set<number>();
  texts.forEach((text, i) => {
    let resolution: Resolution;
    try {
      resolution = parseResolution(text);
    } catch (err) {
      throw new ApiError('INVALID_REQUEST', `resolutions[${i}]: ${(err as Error).message}`);
    }
    if (seen.has(resolution.seconds)) {
      throw new ApiError('INVALID_REQUEST', `resolutions[${i}]: ${text} is listed twice`);
    }
    seen.add(resolution.seconds);
    out.push(resolution);
  });
  return out;
}
