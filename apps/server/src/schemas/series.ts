import { z } from '@hono/zod-openapi';
import {
  DatapointsSchema,
  fastParse,
  isObject,
  isPlainDatapoints,
  NullableNumberArray,
} from './common.js';

/** Most resolutions one series request may name. */
export const MAX_SERIES_RESOLUTIONS = 8;

/** The series id path parameter (URL-encoded: `/` as %2F). */
export const SeriesIdParamSchema = z.object({
  seriesId: z
    .string()
    .min(1)
    .max(1100)
    .openapi({
      param: { name: 'seriesId', in: 'path' },
      example: 'us-east-1%2Fhost-00042%2Fpage_load_ms',
    }),
});

/** Alert noise controls (see core's AlertOptions); all optional. */
export const AlertOptionsSchema = z
  .object({
    threshold: z.number().gt(0).max(1).optional(),
    minDeviation: z.number().min(0).optional(),
    minRelativeDeviation: z.number().min(0).optional(),
    direction: z.enum(['up', 'down', 'both']).optional(),
    confirm: z
      .object({ n: z.number().int().min(1), m: z.number().int().min(1).max(10_000) })
      .optional(),
    suppressSeconds: z.number().min(0).optional(),
  })
  .openapi('AlertOptions');

/** `POST /v1/series/{seriesId}/score`. */
export const SeriesScoreRequestSchema = fastParse(
  z
    .object({
      datapoints: DatapointsSchema,
      resolutions: z
        .array(z.string().max(12))
        .min(1)
        .max(MAX_SERIES_RESOLUTIONS)
        .optional()
        .openapi({ description: 'default 1m, 15m, 1h', example: ['1m', '15m', '1h'] }),
      alert: AlertOptionsSchema.optional(),
    })
    .openapi('SeriesScoreRequest'),
  // Only the common case skips zod: no resolutions or alert options given.
  (value) =>
    isObject(value) &&
    value.resolutions === undefined &&
    value.alert === undefined &&
    isPlainDatapoints(value.datapoints),
);

/** Per fine point: the ensemble's combined score, each resolution's score, expected, band, alert. */
export const SeriesScoreResponseSchema = z
  .object({
    series_id: z.string(),
    resolutions: z.array(z.string()).openapi({ description: 'finest first' }),
    models: z
      .record(z.string(), z.string().nullable())
      .openapi({ description: 'model id per resolution; null when that model is not stored' }),
    anomaly_scores: z.array(z.number()).openapi({ description: 'combined score per point' }),
    resolution_scores: z.record(z.string(), z.array(z.number())),
    expected: NullableNumberArray,
    lower: NullableNumberArray,
    upper: NullableNumberArray,
    alerts: z.array(z.boolean()),
  })
  .openapi('SeriesScore');
