import { createDefaultRegistry } from '@myriad/core';
import { describe, expect, it } from 'vitest';
import { syntheticSeries } from '../testing-internal/test-kind.js';
import { decodeArtifact, encodeArtifact } from './artifact.js';
import { decodeArtifact as decodePortable } from './portable.js';

const registry = createDefaultRegistry();

describe('artifacts of the built-in kinds', () => {
  for (const kind of registry.names()) {
    for (const step of [60, 900, 3600]) {
      it(`${kind} at ${step}s: encode → decode → restore predicts identically`, () => {
        const model = registry
          .get(kind)
          .fit(syntheticSeries(step, 14, step), { stepSeconds: step });
        const bytes = encodeArtifact(model.params(), {
          modelId: `r/h/m@${step}s`,
          version: 1,
          createdAtMs: 1,
        });
        expect(bytes.length).toBeLessThan(2048);
        const points = syntheticSeries(step, 1, 99);
        const shifted = {
          timestamps: Float64Array.from(points.timestamps as Float64Array, (t) => t + 14 * 86400),
          values: points.values,
        };
        const expected = model.predict(shifted);
        for (const decoded of [decodeArtifact(bytes), decodePortable(bytes)]) {
          const got = registry.restore(decoded.params).predict(shifted);
          expect(got.scores).toEqual(expected.scores);
          expect(got.expected).toEqual(expected.expected);
          expect(got.upper).toEqual(expected.upper);
        }
      });
    }
  }
});
