import { parseModelId } from '@myriad/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  modelDir,
  modelDirName,
  modelIdOfDirName,
  parseVersionFile,
  versionFile,
} from './layout.js';

const segment = fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/).filter((s) => s !== '.' && s !== '..');
const modelId = fc
  .tuple(
    fc.array(segment, { minLength: 1, maxLength: 8 }),
    fc.constantFrom('1m', '15m', '1h', '30s', '1d'),
  )
  .map(([segments, res]) => `${segments.join('/')}@${res}`);

describe('fs layout', () => {
  it('names are single path components that map back to the id (property)', () => {
    fc.assert(
      fc.property(modelId, (id) => {
        expect(parseModelId(id).id).toBe(id);
        const name = modelDirName(id);
        expect(name).not.toContain('/');
        expect(name).not.toBe('.');
        expect(name).not.toBe('..');
        expect(name.length).toBeLessThanOrEqual(200);
        const back = modelIdOfDirName(name);
        if (back !== undefined) expect(back).toBe(id);
        else expect(name).toMatch(/^#[0-9a-f]{64}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives two ids the same folder, even differing only in case (property)', () => {
    fc.assert(
      fc.property(modelId, modelId, (a, b) => {
        if (a !== b) {
          expect(modelDirName(a).toLowerCase()).not.toBe(modelDirName(b).toLowerCase());
          expect(modelDir('/r', a)).not.toBe(modelDir('/r', b));
        }
      }),
      { numRuns: 2000 },
    );
    expect(modelDirName('Host/A@1m')).not.toBe(modelDirName('host/a@1m'));
    expect(modelDirName('Host/A@1m').toLowerCase()).not.toBe(
      modelDirName('host/a@1m').toLowerCase(),
    );
  });

  it('places every model three levels under models/', () => {
    expect(modelDir('/root', 'a/b@1m')).toMatch(
      /^\/root\/models\/[0-9a-f]{2}\/[0-9a-f]{2}\/a~b@1m$/,
    );
  });

  it('round-trips version file names and rejects others', () => {
    expect(parseVersionFile(versionFile(42))).toEqual({ retired: false, version: 42 });
    expect(parseVersionFile('r0000000007')).toEqual({ retired: true, version: 7 });
    for (const bad of ['latest', 'v0000000000', 'v12', 'x0000000001', '.latest-1-ab']) {
      expect(parseVersionFile(bad)).toBeUndefined();
    }
  });
});
