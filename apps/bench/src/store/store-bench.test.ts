import {
  createPrediction,
  createRegistry,
  type Model,
  type ModelKind,
  type ModelParams,
  type Points,
} from '@myriad/core';
import { describe, expect, it } from 'vitest';
import { runStoreBench } from './run-store-bench.js';
import { naiveJson } from './sizes.js';

/** A tiny real kind for the smoke test: a constant level and scale per hour of day. */
function hourlyModel(params: ModelParams): Model {
  const level = params.blocks['level'] as Float64Array;
  return {
    kind: 'hourly',
    info: params.info,
    byteSize: 64 + level.byteLength,
    predict(points: Points) {
      const out = createPrediction(points.values.length);
      for (let i = 0; i < points.values.length; i++) {
        const hour = Math.floor(((points.timestamps[i] as number) % 86400) / 3600);
        out.expected[i] = level[hour] as number;
        out.scores[i] = Math.min(
          1,
          Math.abs((points.values[i] as number) - (level[hour] as number)) / 1000,
        );
      }
      return out;
    },
    scorer() {
      throw new Error('not used');
    },
    params: () => params,
  };
}

const hourlyKind: ModelKind = {
  name: 'hourly',
  version: 1,
  defaults: {},
  fit(history, options) {
    const sum = new Float64Array(24);
    const count = new Float64Array(24);
    for (let i = 0; i < history.values.length; i++) {
      const hour = Math.floor(((history.timestamps[i] as number) % 86400) / 3600);
      sum[hour] = (sum[hour] as number) + (history.values[i] as number);
      count[hour] = (count[hour] as number) + 1;
    }
    const level = sum.map((s, h) => s / Math.max(1, count[h] as number));
    const n = history.values.length;
    return hourlyModel({
      kind: 'hourly',
      kindVersion: 1,
      info: {
        stepSeconds: options.stepSeconds,
        fromSeconds: history.timestamps[0] as number,
        toSeconds: history.timestamps[n - 1] as number,
        count: n,
        mean: 0,
        std: 1,
      },
      header: { hours: 24 },
      blocks: { level },
    });
  },
  restore: hourlyModel,
};

describe('runStoreBench', () => {
  it('measures every kind and both stores and reports the summary fields', async () => {
    const stages = new Set<string>();
    const result = await runStoreBench({
      registry: createRegistry([hourlyKind]),
      models: 90,
      samples: 30,
      historyDays: 2,
      onProgress: (stage) => stages.add(stage),
    });
    expect(result.kinds.map((k) => k.resolution)).toEqual(['1m', '15m', '1h']);
    expect(result.failures).toEqual([]);
    expect(result.fs.models).toBe(90);
    expect(result.redis?.models).toBe(90);
    for (const key of [
      'bytesPerModel',
      'ratioVsJson',
      'coldDecodePredictP99Us',
      'cacheHitNs',
    ] as const) {
      expect(result[key]).toBeGreaterThan(0);
    }
    expect(result.redisGetP99Us).toBeGreaterThan(0);
    expect(result.ensemble.kind).toBe('hourly');
    for (const k of result.kinds) {
      expect(k.rawFloat64Bytes).toBe(24 * 8);
      expect(k.artifactBytes).toBeLessThan(k.jsonBytes);
    }
    expect([...stages]).toEqual(['fit+size', 'fs write', 'cache', 'redis write']);
  });

  it('writes the naive JSON with meta and blocks as arrays', () => {
    const params = hourlyKind
      .fit({ timestamps: [0, 3600], values: [1, 2] }, { stepSeconds: 3600 })
      .params();
    const json = JSON.parse(naiveJson(params, { modelId: 'a/b@1h', version: 2, createdAtMs: 5 }));
    expect(json).toMatchObject({
      modelId: 'a/b@1h',
      version: 2,
      kind: 'hourly',
      header: { hours: 24 },
    });
    expect(json.blocks.level).toHaveLength(24);
  });
});
