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
