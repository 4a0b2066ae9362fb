import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BatchRequestSchema,
  isPlainBatchRequest,
  isPlainPredictRequest,
  ModelPredictRequestSchema,
  PredictRequestSchema,
} from './predict.js';
import { SeriesScoreRequestSchema } from './series.js';

// The fast checks must be stricter than the zod schemas: whatever they accept,
// zod accepts too (else the fast path would let through what zod rejects).
const edgyNumber = fc.oneof(
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, 1e11, 1e11 + 1, -0, Number.NaN, Number.POSITIVE_INFINITY, 1_700_000_000),
);
const value = fc.oneof(
  edgyNumber,
  fc.constant(null),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.constant(undefined),
);
const point = fc.oneof(
  fc.record({
    timestamp: fc.oneof(
      edgyNumber,
      fc.constant('2024-01-01T00:00:00Z'),
      fc.string({ maxLength: 4 }),
    ),
    value,
  }),
  fc.record({ timestamp: edgyNumber }, { requiredKeys: [] }),
  fc.constant(null),
  fc.constant([1, 2]),
);
const points = fc.oneof(fc.array(point, { maxLength: 4 }), fc.constant({}), fc.constant(null));
const modelId = fc.oneof(fc.string({ maxLength: 6 }), fc.constant('a/b@1m'), fc.constant(7));
const predict = fc.oneof(
  fc.record({ model_id: modelId, datapoints: points }, { requiredKeys: [] }),
  fc.constant([]),
  fc.constant(null),
);

function accepts(
  schema: { safeParse: (v: unknown) => { success: boolean } },
  value: unknown,
): boolean {
  return schema.safeParse(value).success;
}

describe('fast request checks', () => {
  it('never accept what zod rejects (predict, model predict, batch, series)', async () => {
    fc.assert(
      fc.property(predict, (body) => {
        if (isPlainPredictRequest(body)) expect(accepts(PredictRequestSchema, body)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.array(predict, { maxLength: 3 }), (requests) => {
        if (isPlainBatchRequest({ requests }))
          expect(accepts(BatchRequestSchema, { requests })).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // The validators the routes run are the patched safeParseAsync: compare them with safeParse.
    await fc.assert(
      fc.asyncProperty(points, fc.option(fc.constant(['1m'])), async (datapoints, resolutions) => {
        const body = resolutions === null ? { datapoints } : { datapoints, resolutions };
        for (const schema of [ModelPredictRequestSchema, SeriesScoreRequestSchema]) {
          const fast = (await schema.safeParseAsync(body)).success;
          expect(fast).toBe(schema.safeParse(body).success);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('take the fast path for ordinary bodies', () => {
    const datapoints = [
      { timestamp: 1_700_000_000, value: 1.5 },
      { timestamp: 1_700_000_060.5, value: null },
    ];
    expect(isPlainPredictRequest({ model_id: 'a/b@1m', datapoints })).toBe(true);
    expect(isPlainBatchRequest({ requests: [{ model_id: 'a/b@1m', datapoints }] })).toBe(true);
    expect(
      isPlainPredictRequest({
        model_id: 'a/b@1m',
        datapoints: [{ timestamp: '2024-01-01', value: 1 }],
      }),
    ).toBe(false);
  });
});
