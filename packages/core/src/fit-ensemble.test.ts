import { describe, expect, it } from 'vitest';
import { createEnsemble } from './ensemble/index.js';
import { harmonicKind } from './ensemble/testing-internal/harmonic-kind.js';
import { seasonalSeries } from './ensemble/testing-internal/synthetic.js';
import { isMyriadError } from './errors.js';
import { fitEnsembleModels } from './fit-ensemble.js';
import type { FitOptions, ModelKind } from './model.js';
import { createRegistry } from './registry.js';

const registry = createRegistry([harmonicKind]);
const start = Date.UTC(2026, 0, 5) / 1000;

function expectCode(fn: () => unknown, code: string, text: string) {
  try {
    fn();
  } catch (err) {
    expect(isMyriadError(err, code)).toBe(true);
    expect((err as Error).message).toContain(text);
    return;
  }
  throw new Error(`expected MyriadError ${code}`);
}

describe('fitEnsembleModels', () => {
  it('aggregates to every default resolution and fits each, finest first', () => {
    const history = seasonalSeries({ start, count: 2 * 1440 });
    const fit = fitEnsembleModels(history, { registry, kinds: 'harmonic' });
    expect(fit.fitted).toBe(3);
    expect(fit.failed).toBe(0);
    expect(fit.members.map((m) => m.resolution.text)).toEqual(['1m', '15m', '1h']);
    const [m1, m15, m60] = fit.members;
    expect(m1?.model?.info.stepSeconds).toBe(60);
    expect(m15?.model?.info.count).toBe(2 * 96);
    expect(m60?.model?.info.count).toBe(48);
    expect(m60?.aggregation).toMatchObject({
      points: 2880,
      used: 2880,
      buckets: 48,
      droppedPartial: false,
    });
    expect(m60?.model?.info.toSeconds).toBe(start + 47 * 3600);
  });

  it('reports a member that fails on its data without failing the others', () => {
    const history = seasonalSeries({ start, count: 10 * 60 }); // ten hours
    const fit = fitEnsembleModels(history, { registry, kinds: 'harmonic' });
    expect(fit.members.map((m) => m.ok)).toEqual([true, true, false]);
    const failed = fit.members[2];
    expect(failed?.model).toBeNull();
    expect(isMyriadError(failed?.error, 'INSUFFICIENT_DATA')).toBe(true);
    expect(failed?.error?.message).toContain('24 points, got 10');
    // The failed member stays in the ensemble shape and carries no weight.
    const ensemble = createEnsemble({ members: fit.members });
    expect(ensemble.members.map((m) => m.weight > 0)).toEqual([true, true, false]);
  });

  it('drops an incomplete trailing bucket unless asked to keep it', () => {
    const history = seasonalSeries({ start, count: 2 * 1440 + 30 }); // ends half an hour in
    const fit = fitEnsembleModels(history, { registry, kinds: 'harmonic', resolutions: ['1h'] });
    expect(fit.members[0]?.aggregation).toMatchObject({ buckets: 48, droppedPartial: true });
    expect(fit.members[0]?.model?.info.toSeconds).toBe(start + 47 * 3600);
    const kept = fitEnsembleModels(history, {
      registry,
      kinds: 'harmonic',
      resolutions: ['1h'],
      keepPartial: true,
    });
    expect(kept.members[0]?.model?.info.toSeconds).toBe(start + 48 * 3600);
  });

  it('fails a member with no finite bucket as INSUFFICIENT_DATA', () => {
    const history = { timestamps: [start, start + 60], values: [Number.NaN, null] };
    const fit = fitEnsembleModels(history, { registry, kinds: 'harmonic' });
    expect(fit.failed).toBe(3);
    expect(fit.members[0]?.error?.message).toContain('no complete 1m bucket');
  });

  it('chooses kinds and settings per resolution', () => {
    const seen: string[] = [];
    const recording: ModelKind = {
      ...harmonicKind,
      name: 'recording',
      fit(history, options: FitOptions & { minPoints?: number }) {
        seen.push(`${options.stepSeconds}:${options.minPoints}`);
        return harmonicKind.fit(history, options);
      },
    };
    const two = createRegistry([harmonicKind, recording]);
    const fit = fitEnsembleModels(seasonalSeries({ start, count: 1440 }), {
      registry: two,
      kinds: { '1m': 'harmonic', '15m': 'harmonic', '60m': 'recording' },
      resolutions: ['1m', '1h', '15m'],
      fitOptions: (resolution) => ({ minPoints: resolution.seconds === 3600 ? 12 : 24 }),
    });
    expect(fit.members.map((m) => m.kind)).toEqual(['harmonic', 'harmonic', 'recording']);
    expect(seen).toEqual(['3600:12']);
  });

  it('rejects bad options up front', () => {
    const h = seasonalSeries({ start, count: 100 });
    expectCode(() => fitEnsembleModels(h, { registry, kinds: 'nope' }), 'UNKNOWN_KIND', 'nope');
    expectCode(
      () => fitEnsembleModels(h, { registry, resolutions: ['1m', '60s'] }),
      'INVALID_OPTIONS',
      'resolutions has 1m and 60s, the same interval',
    );
    expectCode(
      () => fitEnsembleModels(h, { registry, resolutions: ['1q'] }),
      'INVALID_OPTIONS',
      'resolutions[0]',
    );
    expectCode(
      () => fitEnsembleModels(h, { registry, kinds: { '5m': 'harmonic' } }),
      'INVALID_OPTIONS',
      'kinds.5m names no fitted resolution',
    );
    expectCode(
      () => fitEnsembleModels(h, { registry: {} as never }),
      'INVALID_OPTIONS',
      'registry',
    );
    expectCode(
      () => fitEnsembleModels(h, { registry, kinds: 'harmonic', fn: 'avg' as never }),
      'INVALID_OPTIONS',
      'fn must be one of',
    );
    expectCode(
      () => fitEnsembleModels({ timestamps: [1], values: [] }, { registry, kinds: 'harmonic' }),
      'INVALID_INPUT',
      'points.values has 0',
    );
  });

  it('defaults to the built-in kinds, seasonal at every resolution', () => {
    const fit = fitEnsembleModels(seasonalSeries({ start, count: 3 * 1440 }));
    expect(fit.members.map((m) => [m.resolution.text, m.kind, m.ok])).toEqual([
      ['1m', 'seasonal', true],
      ['15m', 'seasonal', true],
      ['1h', 'seasonal', true],
    ]);
  });

  it('lets errors that are not MyriadErrors (bugs) propagate', () => {
    const broken: ModelKind = {
      ...harmonicKind,
      name: 'broken',
      fit() {
        throw new TypeError('boom');
      },
    };
    const r = createRegistry([broken]);
    expect(() =>
      fitEnsembleModels(seasonalSeries({ start, count: 100 }), { registry: r, kinds: 'broken' }),
    ).toThrow(TypeError);
  });
});
