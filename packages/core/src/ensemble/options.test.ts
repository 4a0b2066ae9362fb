import { beforeAll, describe, expect, it } from 'vitest';
import { isMyriadError } from '../errors.js';
import { createEnsemble, type EnsembleOptions } from './index.js';
import type { EnsembleMember } from './options.js';
import { trainHarmonicMembers } from './testing-internal/fixture.js';

let members: readonly EnsembleMember[];
beforeAll(() => {
  members = trainHarmonicMembers();
});

function rejects(options: () => EnsembleOptions, text: string) {
  try {
    createEnsemble(options());
  } catch (err) {
    expect(isMyriadError(err, 'INVALID_OPTIONS')).toBe(true);
    expect((err as Error).message).toContain(text);
    return;
  }
  throw new Error(`expected INVALID_OPTIONS mentioning ${text}`);
}

describe('createEnsemble options', () => {
  it('fills documented defaults and orders members finest first', () => {
    const e = createEnsemble({ members: [...members].reverse() });
    expect(e.resolutions).toEqual(['1m', '15m', '1h']);
    expect(e.fn).toBe('mean');
    expect(e.inputStepSeconds).toBe(60);
    expect(e.alert).toEqual({
      threshold: 0.99,
      minDeviation: 0,
      minRelativeDeviation: 0,
      direction: 'both',
      confirm: { n: 1, m: 1 },
      suppressSeconds: 0,
    });
    const w = e.members.map((m) => m.weight);
    expect(w[0]! + w[1]! + w[2]!).toBeCloseTo(1, 12);
    expect(w[1]! / w[0]!).toBeCloseTo(Math.sqrt(15), 12);
    expect(w[2]! / w[0]!).toBeCloseTo(Math.sqrt(60), 12);
    expect(e.members.map((m) => m.pointsPerBucket)).toEqual([1, 15, 60]);
  });

  it('takes weights per resolution text, equal resolutions spelled differently included', () => {
    const e = createEnsemble({ members, weights: { '60m': 2, '1m': 2 } });
    const w = e.members.map((m) => m.weight);
    expect(w[0]).toBeCloseTo(w[2] as number, 12);
    expect(w[1]! / w[0]!).toBeCloseTo(Math.sqrt(15) / 2, 12);
  });

  it('rejects each bad option with an error naming it', () => {
    const m = () => members;
    rejects(() => ({ members: [] }), 'members must be a non-empty array');
    rejects(
      () => ({ members: [{ resolution: '1m', model: null }] }),
      'at least one member needs a model',
    );
    rejects(
      () => ({ members: [members[0]!, { ...members[0]! }] }),
      'members has 1m and 1m, the same interval',
    );
    rejects(() => ({ members: [{ resolution: '5x', model: null }] }), 'members[0].resolution');
    rejects(() => ({ members: [{ resolution: '1m', model: {} as never }] }), 'members[0].model');
    rejects(() => ({ members: m(), weights: { '5m': 1 } }), 'weights.5m names no member');
    rejects(() => ({ members: m(), weights: { '1m': -1 } }), 'weights.1m');
    rejects(() => ({ members: m(), weights: { '1m': 0, '15m': 0, '1h': 0 } }), 'all have weight 0');
    rejects(() => ({ members: m(), fn: 'median' as never }), 'fn must be one of');
    rejects(() => ({ members: m(), inputStepSeconds: 0 }), 'inputStepSeconds');
    rejects(() => ({ members: m(), coarseWindow: 'sliding' as never }), 'coarseWindow');
    rejects(() => ({ members: m(), spikeMarginZ: Number.NaN }), 'spikeMarginZ');
    rejects(() => ({ members: m(), postStep: 3 as never }), 'postStep');
    rejects(() => ({ members: m(), alert: { threshold: 0 } }), 'alert.threshold');
    rejects(() => ({ members: m(), alert: { threshold: 1.5 } }), 'alert.threshold');
    rejects(() => ({ members: m(), alert: { minDeviation: -1 } }), 'alert.minDeviation');
    rejects(
      () => ({ members: m(), alert: { minRelativeDeviation: Infinity } }),
      'alert.minRelativeDeviation',
    );
    rejects(() => ({ members: m(), alert: { direction: 'sideways' as never } }), 'alert.direction');
    rejects(() => ({ members: m(), alert: { confirm: { n: 3, m: 2 } } }), 'alert.confirm.n');
    rejects(() => ({ members: m(), alert: { confirm: { n: 1, m: 0 } } }), 'alert.confirm.m');
    rejects(() => ({ members: m(), alert: { confirm: { n: 1.5, m: 2 } } }), 'alert.confirm.n');
    rejects(() => ({ members: m(), alert: { suppressSeconds: -5 } }), 'alert.suppressSeconds');
    rejects(() => null as never, 'options must be an object');
  });
});
