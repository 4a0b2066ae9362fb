import type { Model } from '@myriad/core';
import { describe, expect, it } from 'vitest';
import type { ModelSource } from './deps.js';
import { createServerMetrics } from './metrics.js';
import { createPredictor } from './predictor.js';

const cachedModel = { kind: 'cached' } as unknown as Model;
const loadedModel = { kind: 'loaded' } as unknown as Model;

function source(gets: string[]): ModelSource {
  return {
    cached: (id) => (id === 'r/h/cpu@1m' ? cachedModel : undefined),
    get: (id) => {
      gets.push(id);
      return loadedModel;
    },
    metadata: () => Promise.reject(new Error('unused')),
    ping: () => Promise.resolve(),
    stats: () => ({ hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 }),
  };
}

describe('predictor.load', () => {
  it('answers a cached id at once, without parsing it or asking the source to load', () => {
    const gets: string[] = [];
    const predictor = createPredictor(source(gets), createServerMetrics(), 1000);
    expect(predictor.load('r/h/cpu@1m', 'model_id')).toBe(cachedModel);
    expect(gets).toEqual([]);
  });

  it('validates any other id before loading it, naming the field', () => {
    const gets: string[] = [];
    const predictor = createPredictor(source(gets), createServerMetrics(), 1000);
    expect(predictor.load('r/h/mem@1m', 'model_id')).toBe(loadedModel);
    expect(gets).toEqual(['r/h/mem@1m']);
    expect(() => predictor.load('no resolution', 'requests[3].model_id')).toThrow(
      /requests\[3\]\.model_id/,
    );
    expect(gets).toHaveLength(1);
  });
});
