import { describe, expect, it } from 'vitest';
import { detectBaseStep, parseSeriesCsv, parseTimestamp } from './csv.js';
import { isNabError } from './errors.js';

describe('parseTimestamp', () => {
  it('reads NAB dates as UTC, ISO with zones, and Unix seconds', () => {
    expect(parseTimestamp('2014-04-01 00:05:00')).toBe(Date.UTC(2014, 3, 1, 0, 5) / 1000);
    expect(parseTimestamp('2014-04-01T00:05:00Z')).toBe(Date.UTC(2014, 3, 1, 0, 5) / 1000);
    expect(parseTimestamp('2014-04-01T02:05:00+02:00')).toBe(Date.UTC(2014, 3, 1, 0, 5) / 1000);
    expect(parseTimestamp('2014-04-01 00:05:00.5')).toBe(Date.UTC(2014, 3, 1, 0, 5) / 1000 + 0.5);
    expect(parseTimestamp('1396310700')).toBe(1396310700);
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp('')).toBeNaN();
  });
});

describe('parseSeriesCsv', () => {
  it('finds the columns by name and keeps missing values as NaN rows', () => {
    const csv = parseSeriesCsv(
      'value,timestamp,other\n1.5,2020-01-01 00:00:00,x\n,2020-01-01 00:05:00,y\r\n',
    );
    expect(Array.from(csv.values)).toEqual([1.5, Number.NaN]);
    expect(csv.timestampText).toEqual(['2020-01-01 00:00:00', '2020-01-01 00:05:00']);
    expect(csv.timestamps[1]! - csv.timestamps[0]!).toBe(300);
  });

  it.each([
    ['time,value\n1,2\n', /must name a timestamp and a value column/],
    ['timestamp,value\n', /has no data rows/],
    ['timestamp,value\n2020-01-01,1\nnot a date,2\n', /line 3: timestamp "not a date"/],
    [
      'timestamp,value\n2020-01-01,1\n2020-01-02,abc\n',
      /line 3: value "abc" is not a finite number/,
    ],
  ])('rejects %j', (text, message) => {
    try {
      parseSeriesCsv(text, 'in.csv');
      expect.unreachable();
    } catch (err) {
      expect(isNabError(err, 'INVALID_CSV')).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('detectBaseStep', () => {
  it('is the median positive gap, ignoring duplicates and long gaps', () => {
    expect(detectBaseStep([0, 300, 600, 600, 900, 90_000, 90_300])).toBe(300);
    expect(detectBaseStep([0, 60, 660, 1260, 1320, 1920])).toBe(600);
  });

  it('needs two distinct timestamps', () => {
    expect(() => detectBaseStep([5, 5, 5])).toThrow(/fewer than two distinct timestamps/);
  });
});
