import { crc32 as zlibCrc32 } from 'node:zlib';
import type { ModelParams, ParamBlock } from '@myriad/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import {
  createRandom,
  fitTestModel,
  syntheticSeries,
  testProfileKind,
} from '../testing-internal/test-kind.js';
import { decodeArtifact, encodeArtifact, readArtifactMeta } from './artifact.js';
import { fflateCompression } from './compression.js';
import { crc32 } from './crc32.js';
import { decodeWith, encodeWith } from './envelope.js';
import { nodeCompression } from './node-compression.js';

const header = {
  modelId: 'us-east-1/host-00042/page_load_ms@15m',
  version: 3,
  createdAtMs: 1_700_000_000_123,
  runId: 'run-7',
};

function expectSameParams(a: ModelParams, b: ModelParams): void {
  expect(b.kind).toBe(a.kind);
  expect(b.kindVersion).toBe(a.kindVersion);
  expect(b.info).toEqual(a.info);
  expect(b.header).toEqual(a.header);
  expect(Object.keys(b.blocks).sort()).toEqual(Object.keys(a.blocks).sort());
  for (const [name, block] of Object.entries(a.blocks)) {
    const got = b.blocks[name] as ParamBlock;
    expect(got.constructor).toBe(block.constructor);
    // Bit-exact: compare the bytes, so NaN payloads and -0 count too.
    expect(new Uint8Array(got.buffer, got.byteOffset, got.byteLength)).toEqual(
      new Uint8Array(block.buffer, block.byteOffset, block.byteLength),
    );
  }
}

function expectCode(fn: () => unknown, codes: string[]): void {
  try {
    fn();
  } catch (err) {
    expect(isStoreError(err)).toBe(true);
    expect(codes).toContain((err as { code: string }).code);
    return;
  }
  throw new Error('expected a StoreError');
}

describe('crc32', () => {
  it('matches zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const rnd = createRandom(1);
    for (const n of [0, 1, 7, 8, 9, 63, 1000, 4099]) {
      const b = new Uint8Array(n).map(() => Math.floor(rnd() * 256));
      expect(crc32(b)).toBe(zlibCrc32(b));
    }
  });
});

describe('artifact codec', () => {
  it('round-trips a fitted model bit-exactly with its meta', () => {
    const params = fitTestModel(900, 1).params();
    const bytes = encodeArtifact(params, header);
    const { meta, params: back } = decodeArtifact(bytes);
    expectSameParams(params, back);
    expect(meta).toEqual({
      modelId: header.modelId,
      kind: 'test-profile',
      kindVersion: 1,
      version: 3,
      createdAtMs: header.createdAtMs,
      runId: 'run-7',
      info: params.info,
      bytes: bytes.length,
    });
    expect(readArtifactMeta(bytes)).toEqual(meta);
  });

  it('decodes every block into one fresh buffer that later decodes never touch', () => {
    const first = fitTestModel(900, 1).params();
    const second = fitTestModel(900, 7).params();
    const a = decodeArtifact(encodeArtifact(first, header)).params;
    const blocks = Object.values(a.blocks);
    expect(blocks.length).toBeGreaterThan(1);
    const buffer = (blocks[0] as ParamBlock).buffer;
    for (const block of blocks) {
      expect(block.buffer).toBe(buffer);
      expect(block.byteOffset % 8).toBe(0);
    }
    // The inflate buffer is reused: decoding another model must leave the first intact.
    const b = decodeArtifact(encodeArtifact(second, { ...header, version: 4 })).params;
    expectSameParams(first, a);
    expectSameParams(second, b);
    expect((Object.values(b.blocks)[0] as ParamBlock).buffer).not.toBe(buffer);
  });

  it('writes streams readable by either deflate implementation, with or without the dictionary', () => {
    const params = fitTestModel(60, 2).params();
    for (const options of [{}, { dictionary: false }, { level: 0 }, { level: 9 }]) {
      const a = encodeWith(fflateCompression, params, header, options);
      const b = encodeWith(nodeCompression, params, header, options);
      expectSameParams(params, decodeWith(nodeCompression, a).params);
      expectSameParams(params, decodeWith(fflateCompression, b).params);
      expectSameParams(params, decodeWith(fflateCompression, a).params);
      expectSameParams(params, decodeWith(nodeCompression, b).params);
    }
    const plain = encodeArtifact(params, header, { dictionary: false });
    const withDictionary = encodeArtifact(params, header);
    expect(plain[5]).toBe(1);
    expect(withDictionary[5]).toBe(2);
    expect(withDictionary.length).toBeLessThan(plain.length);
  });

  it('round-trips arbitrary headers and blocks (property)', () => {
    const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)));
    const block = fc.oneof(
      fc.float64Array({ maxLength: 50 }),
      fc.float32Array({ maxLength: 50 }),
      fc.int32Array({ maxLength: 50 }),
      fc.uint32Array({ maxLength: 50 }),
      fc.uint8Array({ maxLength: 50 }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), json, { maxKeys: 5 }),
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), block, { maxKeys: 5 }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/), { nil: undefined }),
        (h, blocks, runId) => {
          const params: ModelParams = {
            kind: 'some-kind',
            kindVersion: 7,
            info: {
              stepSeconds: 60,
              fromSeconds: 1,
              toSeconds: 2.5,
              count: 3,
              mean: -1.25,
              std: Number.NaN,
            },
            header: h,
            blocks,
          };
          const got = decodeArtifact(encodeArtifact(params, { ...header, runId }));
          expectSameParams(params, got.params);
          expect(got.meta.runId).toBe(runId);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('float32 mode changes scores by less than 1e-6', () => {
    for (const step of [60, 900, 3600]) {
      const model = fitTestModel(step, step);
      const lossy = decodeArtifact(encodeArtifact(model.params(), header, { floats: 'float32' }));
      const back = testProfileKind.restore(lossy.params);
      const points = syntheticSeries(step, 2, 99);
      const a = model.predict(points).scores;
      const b = back.predict(points).scores;
      let max = 0;
      for (let i = 0; i < a.length; i++)
        max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
      expect(max).toBeLessThan(1e-6);
    }
  });

  it('stores float64 blocks of exact float32 values in 4 bytes each, losslessly', () => {
    const values = Float64Array.from({ length: 4096 }, (_, i) => Math.fround(Math.sin(i) * 1000));
    const params: ModelParams = {
      kind: 'k',
      kindVersion: 1,
      info: fitTestModel(3600, 1).info,
      header: {},
      blocks: { v: values },
    };
    const exact = encodeArtifact(params, header, { level: 0 });
    expect(exact.length).toBeLessThan(4096 * 4 + 300);
    expectSameParams(params, decodeArtifact(exact).params);
  });

  it('rejects every truncation with CORRUPT_ARTIFACT', () => {
    const bytes = encodeArtifact(fitTestModel(3600, 3).params(), header);
    for (let n = 0; n < bytes.length; n++) {
      expectCode(
        () => decodeArtifact(bytes.subarray(0, n)),
        ['CORRUPT_ARTIFACT', 'UNSUPPORTED_FORMAT'],
      );
    }
    // And extra bytes appended.
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expectCode(() => decodeArtifact(longer), ['CORRUPT_ARTIFACT']);
  });

  it('rejects foreign bytes with UNSUPPORTED_FORMAT', () => {
    const enc = new TextEncoder();
    expectCode(
      () => decodeArtifact(enc.encode('{"kind":"seasonal","blocks":{}}')),
      ['UNSUPPORTED_FORMAT'],
    );
    expectCode(
      () => decodeArtifact(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3])),
      ['UNSUPPORTED_FORMAT'],
    );
    expectCode(() => decodeArtifact('MYRA' as unknown as Uint8Array), ['UNSUPPORTED_FORMAT']);
  });

  it('rejects a future format version with UNSUPPORTED_FORMAT even with a valid checksum', () => {
    const bytes = encodeArtifact(fitTestModel(3600, 4).params(), header).slice();
    bytes[4] = 2;
    new DataView(bytes.buffer).setUint32(bytes.length - 4, crc32(bytes, 0, bytes.length - 4), true);
    expectCode(() => decodeArtifact(bytes), ['UNSUPPORTED_FORMAT']);
  });

  it('rejects a consistent checksum over a malformed body with CORRUPT_ARTIFACT', () => {
    const bytes = encodeArtifact(fitTestModel(3600, 5).params(), header, { level: 0 }).slice();
    const at = Buffer.from(bytes).indexOf('us-east-1');
    bytes[at] = 0x2f; // '/', leading slash: an invalid id
    new DataView(bytes.buffer).setUint32(bytes.length - 4, crc32(bytes, 0, bytes.length - 4), true);
    expectCode(() => decodeArtifact(bytes), ['CORRUPT_ARTIFACT']);
  });

  it('refuses bad headers when encoding', () => {
    const params = fitTestModel(3600, 6).params();
    expect(() => encodeArtifact(params, { ...header, modelId: '../etc/passwd@1m' })).toThrow(
      /model id/,
    );
    expect(() => encodeArtifact(params, { ...header, version: 0 })).toThrow(/version/);
    expect(() => encodeArtifact(params, { ...header, runId: 'a b' })).toThrow(/run id/);
    expect(() => encodeArtifact({ ...params, kind: 'Bad Kind' }, header)).toThrow(/kind/);
    expect(() => encodeArtifact(params, header, { level: 11 })).toThrow(/level/);
  });
});
