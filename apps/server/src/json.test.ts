import { createPrediction } from '@myriad/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numbersJson, predictionJson } from './json.js';

describe('hand-built JSON', () => {
  it('numbersJson writes exactly what JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 80 }), (values) => {
        const typed = Float64Array.from(values);
        expect(numbersJson(typed)).toBe(JSON.stringify(Array.from(typed)));
      }),
      { numRuns: 2000 },
    );
    expect(numbersJson(Float64Array.from([-0, 1e21, 5e-324, Number.NaN, -Infinity]))).toBe(
      JSON.stringify([-0, 1e21, 5e-324, null, null]),
    );
  });

  it('predictionJson parses back to the API shapes', () => {
    const prediction = createPrediction(3);
    prediction.scores.set([0.1, 0.99, 1]);
    prediction.expected.set([10, Number.NaN, 12]);
    prediction.lower.set([9, 9, 9]);
    prediction.upper.set([11, 11, 11]);
    const id = 'a/"quoted"/x@1m';
    expect(JSON.parse(predictionJson({ modelId: id, prediction, explain: false }, false))).toEqual({
      anomaly_scores: [0.1, 0.99, 1],
    });
    expect(JSON.parse(predictionJson({ modelId: id, prediction, explain: true }))).toEqual({
      model_id: id,
      anomaly_scores: [0.1, 0.99, 1],
      expected: [10, null, 12],
      lower: [9, 9, 9],
      upper: [11, 11, 11],
    });
  });
});
