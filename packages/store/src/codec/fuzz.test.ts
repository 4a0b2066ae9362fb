import type { ParamBlock } from '@myriad/core';
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { createRandom, fitTestModel } from '../testing-internal/test-kind.js';
import { decodeArtifact, encodeArtifact } from './artifact.js';

function sameBytes(a: ParamBlock, b: ParamBlock): boolean {
  if (a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

describe('artifact codec fuzz', () => {
  it('never returns a model that differs from the original for 10,000 bit-flipped artifacts', () => {
    const rnd = createRandom(42);
    const originals = [60, 900, 3600].flatMap((step) =>
      Array.from({ length: 4 }, (_, k) => {
        const params = fitTestModel(step, step + k).params();
        const bytes = encodeArtifact(params, {
          modelId: `r${k}/h/m@${step / 60}m`,
          version: k + 1,
          createdAtMs: 1_700_000_000_000 + k,
          runId: k % 2 ? `run-${k}` : undefined,
        });
        return { bytes, decoded: decodeArtifact(bytes) };
      }),
    );
    let rejected = 0;
    let identical = 0;
    const codes = new Map<string, number>();
    for (let trial = 0; trial < 10_000; trial++) {
      const original = originals[trial % originals.length]!;
      const bytes = original.bytes.slice();
      // 1 to 8 random bit flips; every 4th trial flips bits only in the first 64 bytes (the meta).
      const flips = 1 + Math.floor(rnd() * 8);
      const span = trial % 4 === 0 ? Math.min(64, bytes.length) : bytes.length;
      for (let f = 0; f < flips; f++) {
        const bit = Math.floor(rnd() * span * 8);
        bytes[bit >>> 3]! ^= 1 << (bit & 7);
      }
      try {
        const got = decodeArtifact(bytes);
        // Only acceptable when the flips cancelled out exactly.
        expect(got.meta).toEqual(original.decoded.meta);
        expect(got.params.header).toEqual(original.decoded.params.header);
        for (const [name, block] of Object.entries(original.decoded.params.blocks)) {
          expect(sameBytes(block, got.params.blocks[name] as ParamBlock)).toBe(true);
        }
        identical++;
      } catch (err) {
        if (!isStoreError(err)) throw err;
        expect(['CORRUPT_ARTIFACT', 'UNSUPPORTED_FORMAT']).toContain(err.code);
        codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
        rejected++;
      }
    }
    expect(rejected + identical).toBe(10_000);
    expect(rejected).toBeGreaterThan(9_900);
    expect(codes.get('CORRUPT_ARTIFACT')).toBeGreaterThan(0);
    expect(codes.get('UNSUPPORTED_FORMAT')).toBeGreaterThan(0);
  });
});
