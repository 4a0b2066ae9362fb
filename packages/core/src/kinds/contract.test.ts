// The contract every built-in kind meets: fit → params → restore → identical
// predictions, no look-ahead, determinism, NaN and out-of-order handling,
// typed errors on bad input, and never a NaN score.
import { describe, expect, it } from 'vitest';
import { builtinKinds, createDefaultRegistry } from '../builtins.js';
import { isMyriadError } from '../errors.js';
import { createPrediction, type Model, type ModelParams, type Prediction } from '../model.js';
import { fitScenario, scoreByScorer } from '../testing-internal/scenario.js';
import { MONDAY, seasonalSeries, slice } from '../testing-internal/synthetic.js';

const STEP = 900;
const DAY = 86_400;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isMyriadError<string>(err) ? err.code : `not a MyriadError: ${String(err)}`;
  }
  return undefined;
}

function expectNoNaNScores(p: Prediction, n = p.scores.length): void {
  for (let i = 0; i < n; i++) {
    const s = p.scores[i] as number;
    expect(s >= 0 && s <= 1, `score ${i} = ${s}`).toBe(true);
  }
}

/** Copies a block through its bytes, as a store would. */
function throughBytes<T extends ModelParams['blocks'][string]>(block: T): T {
  const bytes = new Uint8Array(block.buffer, block.byteOffset, block.byteLength).slice();
  const Type = block.constructor as new (buffer: ArrayBuffer) => T;
  return new Type(bytes.buffer);
}

/** The params as a store would round-trip them: header through JSON, blocks through bytes. */
function stored(params: ModelParams): ModelParams {
  const blocks: Record<string, ModelParams['blocks'][string]> = {};
  for (const [name, block] of Object.entries(params.blocks)) blocks[name] = throughBytes(block);
  return JSON.parse(JSON.stringify({ ...params, blocks: {} }), (key, value) =>
    key === 'blocks' ? blocks : value,
  ) as ModelParams;
}

describe.each(builtinKinds.map((k) => [k.name, k] as const))('kind %s', (_name, kind) => {
  const { model, test } = fitScenario(kind, {
    stepSeconds: STEP,
    trainDays: 28,
    testDays: 7,
    weekendDip: 10,
    seed: 21,
  });

  it('has a registry name and a version', () => {
    expect(kind.name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(Number.isInteger(kind.version)).toBe(true);
    expect(model.kind).toBe(kind.name);
    expect(model.info.stepSeconds).toBe(STEP);
    expect(model.byteSize).toBeGreaterThan(0);
  });

  it('exposes params as a JSON header and typed-array blocks', () => {
    const params = model.params();
    expect(params.kind).toBe(kind.name);
    expect(params.kindVersion).toBe(kind.version);
    expect(JSON.parse(JSON.stringify(params.header))).toEqual(params.header);
    expect(JSON.parse(JSON.stringify(params.info))).toEqual(params.info);
    for (const block of Object.values(params.blocks)) expect(ArrayBuffer.isView(block)).toBe(true);
  });

  it('keeps its stored parameters small', () => {
    const params = model.params();
    let bytes = JSON.stringify(params.header).length + JSON.stringify(params.info).length;
    for (const block of Object.values(params.blocks)) bytes += block.byteLength;
    expect(bytes).toBeLessThan(1500);
  });

  it('restores to identical predictions, directly and through stored bytes', () => {
    const expected = model.predict(test);
    const registry = createDefaultRegistry();
    expect(kind.restore(model.params()).predict(test)).toEqual(expected);
    expect(registry.restore(stored(model.params())).predict(test)).toEqual(expected);
    // A restored model's params restore to the same model again.
    const again = kind.restore(stored(kind.restore(model.params()).params()));
    expect(again.params()).toEqual(model.params());
  });

  it('fits deterministically', () => {
    const other = fitScenario(kind, {
      stepSeconds: STEP,
      trainDays: 28,
      testDays: 7,
      weekendDip: 10,
      seed: 21,
    }).model;
    expect(other.params()).toEqual(model.params());
  });

  it('never looks ahead: appending points never changes earlier scores', () => {
    const all = model.predict(test);
    for (const k of [1, 17, 300]) {
      const head = model.predict(slice(test, 0, k));
      expect(head.scores).toEqual(all.scores.subarray(0, k));
      expect(head.expected).toEqual(all.expected.subarray(0, k));
      expect(head.upper).toEqual(all.upper.subarray(0, k));
    }
  });

  it('predicts as a scorer does, point by point, and stays unchanged', () => {
    const first = model.predict(test);
    const byScorer = createPrediction(test.values.length);
    scoreByScorer(model, test, byScorer);
    expect(byScorer).toEqual(first);
    expect(model.predict(test)).toEqual(first);
  });

  it('writes into a caller-supplied prediction, and rejects one too short', () => {
    const out = createPrediction(test.values.length + 5);
    expect(model.predict(test, out)).toBe(out);
    expect(out.scores.subarray(0, test.values.length)).toEqual(model.predict(test).scores);
    expect(codeOf(() => model.predict(test, createPrediction(3)))).toBe('INVALID_INPUT');
  });

  it('scores a missing value 0 and does not let it change the state', () => {
    const gappy = slice(test, 0, 200);
    const holes = [5, 6, 7, 50, 120];
    for (const i of holes) gappy.values[i] = Number.NaN;
    const p = model.predict(gappy);
    for (const i of holes) expect(p.scores[i]).toBe(0);
    // The same points with the missing ones left out entirely.
    const keep = [...gappy.timestamps.keys()].filter((i) => !holes.includes(i));
    const without = model.predict({
      timestamps: keep.map((i) => gappy.timestamps[i] as number),
      values: keep.map((i) => gappy.values[i] as number),
    });
    expect(keep.map((i) => p.scores[i])).toEqual([...without.scores]);
    expect(keep.map((i) => p.expected[i])).toEqual([...without.expected]);
  });

  it('treats infinite values as missing and non-finite times as unscorable', () => {
    const points = slice(test, 0, 20);
    points.values[3] = Number.POSITIVE_INFINITY;
    points.values[4] = Number.NEGATIVE_INFINITY;
    points.timestamps[8] = Number.NaN;
    const p = model.predict(points);
    expectNoNaNScores(p);
    expect(p.scores[3]).toBe(0);
    expect(p.scores[4]).toBe(0);
    expect(p.scores[8]).toBe(0);
    expect(p.expected[8]).toBeNaN();
  });

  it('scores a point whose timestamp goes back without letting it update the state', () => {
    const points = slice(test, 0, 100);
    const t = [...points.timestamps];
    const v = [...points.values];
    // After point 40, a point from 10 steps earlier with a wild value.
    t.splice(41, 0, (t[30] as number) + 1);
    v.splice(41, 0, 1e6);
    const p = model.predict({ timestamps: t, values: v });
    expectNoNaNScores(p);
    const q = model.predict(points);
    expect([...p.scores.subarray(0, 41), ...p.scores.subarray(42)]).toEqual([...q.scores]);
  });

  it('rejects bad histories with typed errors naming the problem', () => {
    const good = slice(test, 0, 500);
    const fit = (timestamps: ArrayLike<number>, values: ArrayLike<number>, step = STEP) =>
      codeOf(() => kind.fit({ timestamps, values }, { stepSeconds: step }));
    expect(fit([], [])).toBe('INSUFFICIENT_DATA');
    expect(fit([MONDAY], [1])).toBe('INSUFFICIENT_DATA');
    expect(fit([1, 2, 3, 4], [Number.NaN, Number.NaN, Number.NaN, Number.NaN])).toBe(
      'INSUFFICIENT_DATA',
    );
    expect(fit([3, 2, 1], [1, 2, 3])).toBe('INVALID_INPUT');
    expect(fit([1, 1, 2], [1, 2, 3])).toBe('INVALID_INPUT');
    expect(fit([1, Number.NaN, 3], [1, 2, 3])).toBe('INVALID_INPUT');
    expect(fit([1, 2, 3], [1, Number.POSITIVE_INFINITY, 3])).toBe('INVALID_INPUT');
    expect(fit([1, 2, 3], [1, 2])).toBe('INVALID_INPUT');
    expect(fit(good.timestamps, good.values, 0)).toBe('INVALID_OPTIONS');
    expect(fit(good.timestamps, good.values, Number.NaN)).toBe('INVALID_OPTIONS');
    expect(
      codeOf(() =>
        kind.fit(good, { stepSeconds: STEP, bandWidth: -1 } as Parameters<typeof kind.fit>[1]),
      ),
    ).toBe('INVALID_OPTIONS');
    try {
      kind.fit({ timestamps: [3, 2, 1], values: [1, 2, 3] }, { stepSeconds: STEP });
    } catch (err) {
      expect((err as Error).message).toContain(kind.name);
      expect((err as Error).message).toContain('index 1');
    }
  });

  it('fits histories shorter than a season and a handful of points (documented fallback)', () => {
    for (const count of [3, 10, 24]) {
      const short = seasonalSeries({ stepSeconds: STEP, count, seed: count });
      const m = kind.fit(short, { stepSeconds: STEP });
      const later = seasonalSeries({
        stepSeconds: STEP,
        count: 50,
        seed: 99,
        startSeconds: MONDAY + count * STEP,
      });
      expectNoNaNScores(m.predict(later));
    }
    // Missing values inside a short history are skipped.
    const holes = seasonalSeries({ stepSeconds: STEP, count: 40, seed: 5 });
    for (let i = 0; i < 40; i += 3) holes.values[i] = Number.NaN;
    expect(kind.fit(holes, { stepSeconds: STEP }).info.count).toBe(26);
  });

  it('handles a flat series without NaN, and still sees a real change', () => {
    const n = 4 * 96;
    const flat = {
      timestamps: Array.from({ length: n }, (_, i) => MONDAY + i * STEP),
      values: new Array<number>(n).fill(250),
    };
    const m = kind.fit(flat, { stepSeconds: STEP });
    const t0 = MONDAY + n * STEP;
    const p = m.predict({
      timestamps: [t0, t0 + STEP, t0 + 2 * STEP, t0 + 3 * STEP],
      values: [250, 250 + 1e-9, 250, 300],
    });
    expectNoNaNScores(p);
    expect(p.scores[0]).toBeLessThan(0.5);
    expect(p.scores[1]).toBeLessThan(0.5);
    expect(p.scores[3]).toBeGreaterThan(0.9999);
  });

  it('restore rejects params of another kind, version or shape', () => {
    const params = model.params();
    expect(codeOf(() => kind.restore({ ...params, kind: 'other' }))).toBe('INVALID_PARAMS');
    expect(codeOf(() => kind.restore({ ...params, kindVersion: 99 }))).toBe('INVALID_PARAMS');
    expect(codeOf(() => kind.restore({ ...params, header: {} }))).toBe('INVALID_PARAMS');
    const { calibration: _dropped, ...blocks } = params.blocks;
    expect(codeOf(() => kind.restore({ ...params, blocks }))).toBe('INVALID_PARAMS');
    expect(
      codeOf(() =>
        kind.restore({
          ...params,
          blocks: { ...params.blocks, calibration: new Float32Array(3) },
        }),
      ),
    ).toBe('INVALID_PARAMS');
    expect(
      codeOf(() => kind.restore({ ...params, info: { ...params.info, stepSeconds: Number.NaN } })),
    ).toBe('INVALID_PARAMS');
  });

  it('advances its state over a gap after training', () => {
    // Asked about points two days after the end of training, the model scores
    // them against the right phase of the day: clean points stay low.
    const gapSteps = (2 * DAY) / STEP;
    const later = slice(test, gapSteps, gapSteps + 96);
    const p: Prediction = model.predict(later);
    expectNoNaNScores(p);
    let high = 0;
    for (const s of p.scores) if (s >= 0.999) high++;
    expect(high).toBeLessThanOrEqual(1);
  });
});

describe('model params', () => {
  it('are plain data a store can write: nothing but JSON values and typed arrays', () => {
    for (const kind of builtinKinds) {
      const { model } = fitScenario(kind, { stepSeconds: 3600, trainDays: 28, testDays: 1 });
      const params: ModelParams = model.params();
      const m: Model = kind.restore(params);
      expect(m.params()).toEqual(params);
    }
  });
});
