import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDefaultRegistry } from '@myriad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSeriesCsv } from './csv.js';
import { isNabError } from './errors.js';
import { defaultNabDir } from './paths.js';
import { type ReplayResult, replaySeries } from './replay.js';
import { resolveReplayConfig } from './replay-config.js';

const registry = createDefaultRegistry();
// Irregular sampling (a 10-minute median step, 1-minute steps, hour-long gaps) and a duplicate timestamp.
const file = path.join(defaultNabDir(), 'data', 'realTraffic', 'speed_t4013.csv');
const csv = parseSeriesCsv(readFileSync(file, 'utf8'), file);

describe('replaySeries on a real NAB file', () => {
  const trainRows = 300;
  let full: ReplayResult;
  beforeAll(() => {
    full = replaySeries(csv, { registry, trainRows });
  }, 120_000);

  it('scores every row in [0, 1], 0 during training, and refits daily', () => {
    expect(full.scores).toHaveLength(csv.values.length);
    for (const s of full.scores) expect(s >= 0 && s <= 1).toBe(true);
    for (let i = 0; i < trainRows; i++) expect(full.scores[i]).toBe(0);
    expect(full.resolutions).toEqual(['5m', '15m', '1h']);
    expect(full.fits).toBeGreaterThan(5);
    expect(full.memberScores).toHaveLength(3);
    expect(full.lastArtifactBytes).toBeGreaterThan(0);
  });

  it('has no look-ahead: a prefix scores exactly as the same rows of the whole file', () => {
    const cut = 1200;
    const prefix = replaySeries(
      { timestamps: csv.timestamps.subarray(0, cut), values: csv.values.subarray(0, cut) },
      { registry, trainRows },
    );
    expect(Array.from(prefix.scores)).toEqual(Array.from(full.scores.subarray(0, cut)));
    for (let m = 0; m < 3; m++) {
      expect(Array.from(prefix.memberScores[m] as Float64Array)).toEqual(
        Array.from((full.memberScores[m] as Float64Array).subarray(0, cut)),
      );
    }
  });

  it('rejects a trainRows outside the series, and an unknown kind', () => {
    expect(() => replaySeries(csv, { registry, trainRows: 1 })).toThrow(
      /trainRows must be an integer in \[2, /,
    );
    expect(() => replaySeries(csv, { registry, trainRows: csv.values.length + 1 })).toThrow(
      /trainRows/,
    );
    expect(() =>
      replaySeries(csv, { registry, trainRows, config: resolveReplayConfig({ kinds: 'nope' }) }),
    ).toThrow(/unknown model kind "nope"/);
  });
});

describe('replaySeries on synthetic data with a late row and a missing value', () => {
  it('skips the late row (score 0), still fits at trainRows, and never returns NaN', () => {
    const n = 3000;
    const timestamps = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      timestamps[i] = 1_700_000_000 + i * 60;
      values[i] = 10 + 3 * Math.sin((2 * Math.PI * i) / 1440) + ((i * 7919) % 13) / 13;
    }
    timestamps[600] = (timestamps[599] as number) - 30; // late: before its predecessor
    values[1000] = Number.NaN;
    const r = replaySeries({ timestamps, values }, { registry, trainRows: 600 });
    expect(r.lateRows).toBe(1);
    expect(r.scores[600]).toBe(0);
    expect(r.fits).toBeGreaterThanOrEqual(3); // warm-up, first fit at row 601, one daily refit
    expect(r.resolutions).toEqual(['1m', '3m', '12m']);
    for (const s of r.scores) expect(s >= 0 && s <= 1).toBe(true);
    expect(r.scores[1000]).toBe(0);
  });
});

describe('resolveReplayConfig', () => {
  it.each([
    [{ multipliers: [1, 1] }, /multipliers must be distinct integers/],
    [{ multipliers: [] }, /multipliers/],
    [{ kinds: { x5: 'seasonal' } }, /kinds.x5 must name a member/],
    [{ weights: { x1: -1 } }, /weights.x1/],
    [{ retrainEverySeconds: 0 }, /retrainEverySeconds must be a number > 0/],
    [{ likelihood: 3 }, /likelihood must be an object of options or false/],
    [{ colour: 'blue' }, /unknown field "colour"/],
    [[1, 2], /must be a JSON object/],
  ])('rejects %j', (config, message) => {
    try {
      resolveReplayConfig(config);
      expect.unreachable();
    } catch (err) {
      expect(isNabError(err, 'INVALID_OPTIONS')).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
  });
});
