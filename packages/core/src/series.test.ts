import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMyriadError } from './errors.js';
import { formatModelId, parseModelId, parseResolution, parseSeriesId } from './series.js';

const segment = fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/).filter((s) => s !== '.' && s !== '..');
const seriesId = fc.array(segment, { minLength: 1, maxLength: 8 }).map((s) => s.join('/'));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isMyriadError<string>(err) ? err.code : 'not a MyriadError';
  }
  return undefined;
}

describe('series ids', () => {
  it('accepts every well-formed id unchanged', () => {
    fc.assert(fc.property(seriesId, (id) => parseSeriesId(id) === id));
  });

  it.each([
    ['', 'empty'],
    ['a//b', 'empty segment'],
    ['/a', 'leading slash (absolute path)'],
    ['a/', 'trailing slash'],
    ['a/../b', 'parent segment'],
    ['./a', 'dot segment'],
    ['a/b c', 'space'],
    ['a\u0000b', 'NUL'],
    ['a/\u2215b', 'unicode division slash'],
    ['a\\b', 'backslash'],
    ['x'.repeat(129), 'segment over 128 characters'],
    [Array(9).fill('a').join('/'), 'nine segments'],
  ])('rejects %j (%s)', (id) => {
    expect(codeOf(() => parseSeriesId(id))).toBe('INVALID_SERIES_ID');
  });

  it('rejects non-strings with a message naming the type', () => {
    expect(() => parseSeriesId(42)).toThrow(/a number/);
    expect(() => parseSeriesId(null)).toThrow(/a null/);
  });

  it('rejects any id containing a character outside the alphabet', () => {
    fc.assert(
      fc.property(seriesId, fc.string({ minLength: 1, maxLength: 1 }), (id, ch) => {
        fc.pre(!/[A-Za-z0-9._:/-]/.test(ch));
        return codeOf(() => parseSeriesId(id + ch)) === 'INVALID_SERIES_ID';
      }),
    );
  });
});

describe('resolutions', () => {
  it.each([
    ['1m', 60],
    ['15m', 900],
    ['1h', 3600],
    ['30s', 30],
    ['1d', 86400],
  ])('parses %s as %d seconds', (text, seconds) => {
    expect(parseResolution(text)).toEqual({ text, seconds });
  });

  it.each(['0m', '01m', '1w', 'm', '1.5h', '-1h', ' 1h', '1H', ''])('rejects %j', (text) => {
    expect(codeOf(() => parseResolution(text))).toBe('INVALID_RESOLUTION');
  });

  it('takes seconds as a number and names the shortest unit', () => {
    expect(parseResolution(900).text).toBe('15m');
    expect(parseResolution(90).text).toBe('90s');
    expect(codeOf(() => parseResolution(1.5))).toBe('INVALID_RESOLUTION');
  });
});

describe('model ids', () => {
  it('round-trips series id and resolution', () => {
    fc.assert(
      fc.property(seriesId, fc.constantFrom('1m', '15m', '1h', '5s', '2d'), (id, res) => {
        const ref = parseModelId(formatModelId(id, res));
        return ref.seriesId === id && ref.resolution.text === res && ref.id === `${id}@${res}`;
      }),
    );
  });

  it('rejects a missing or bad resolution and keeps the cause', () => {
    expect(codeOf(() => parseModelId('a/b'))).toBe('INVALID_MODEL_ID');
    expect(() => parseModelId('a/b@2x')).toThrow(/resolution must look like/);
    expect(() => parseModelId('../etc@1m')).toThrow(/relative segment/);
  });
});
