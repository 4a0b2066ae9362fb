import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { parseDatapoints } from './points.js';

describe('parseDatapoints', () => {
  it('converts numbers, ISO strings (no zone = UTC) and nulls', () => {
    const p = parseDatapoints([
      { timestamp: 1_700_000_000, value: 1 },
      { timestamp: '2023-11-14T22:13:21Z', value: null },
      { timestamp: '2023-11-14T22:13:22', value: 3 },
      { timestamp: '2023-11-14T23:13:23+01:00', value: 4 },
      { timestamp: 1_700_000_003.5, value: 5 },
    ]);
    expect(Array.from(p.timestamps)).toEqual([
      1_700_000_000, 1_700_000_001, 1_700_000_002, 1_700_000_003, 1_700_000_003.5,
    ]);
    expect(Number.isNaN(p.values[1])).toBe(true);
    expect(p.present).toBe(4);
  });

  it('writes into scratch arrays when given, growing them for a longer input', () => {
    const into = { timestamps: new Float64Array(2), values: new Float64Array(2) };
    const a = parseDatapoints(
      [
        { timestamp: 1, value: 10 },
        { timestamp: 2, value: 20 },
      ],
      'datapoints',
      into,
    );
    expect(a.timestamps.buffer).toBe(into.timestamps.buffer);
    expect(Array.from(a.values)).toEqual([10, 20]);
    const points = Array.from({ length: 5 }, (_, i) => ({ timestamp: i, value: i * 2 }));
    const b = parseDatapoints(points, 'datapoints', into);
    expect(into.timestamps.length).toBeGreaterThanOrEqual(5);
    expect(Array.from(b.timestamps)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(b.values)).toEqual([0, 2, 4, 6, 8]);
  });

  it('allows equal timestamps and rejects decreasing ones naming the index', () => {
    expect(
      parseDatapoints([
        { timestamp: 5, value: 1 },
        { timestamp: 5, value: 2 },
      ]).timestamps.length,
    ).toBe(2);
    try {
      parseDatapoints(
        [
          { timestamp: 5, value: 1 },
          { timestamp: 6, value: 1 },
          { timestamp: 4, value: 1 },
        ],
        'requests[2].datapoints',
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('UNORDERED_DATAPOINTS');
      expect((err as ApiError).message).toContain('requests[2].datapoints[2].timestamp');
    }
  });

  it('rejects all-null input and impossible dates', () => {
    expect(() => parseDatapoints([{ timestamp: 1, value: null }])).toThrow(/every value is null/);
    expect(() => parseDatapoints([{ timestamp: '2024-02-30T00:00:00Z', value: 1 }])).toThrow(
      /not a valid/,
    );
    expect(parseDatapoints([{ timestamp: '2024-02-29T00:00:00Z', value: 1 }]).timestamps[0]).toBe(
      1_709_164_800,
    );
    expect(() => parseDatapoints([{ timestamp: '2024-13-01T00:00:00Z', value: 1 }])).toThrow(
      /datapoints\[0\]\.timestamp/,
    );
  });
});
