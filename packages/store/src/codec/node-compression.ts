import * as zlib from 'node:zlib';
import type { Compression } from './compression.js';

const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** node:zlib's raw deflate (native). Same streams as {@link fflateCompression}. */
export const nodeCompression: Compression = {
  name: 'node:zlib',
  // zlib.crc32 (Node ≥ 20.15) is ~3× faster than the portable table version (measured).
  ...(typeof zlibCrc32 === 'function'
    ? {
        checksum: (bytes: Uint8Array, start: number, end: number) =>
          zlibCrc32(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end)),
      }
    : {}),
  deflate(data, level, dictionary) {
    const out = zlib.deflateRawSync(
      data,
      dictionary === undefined ? { level } : { level, dictionary },
    );
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  inflate(data, rawLength, dictionary) {
    // maxOutputLength bounds a hostile stream; a longer one throws RangeError.
    const maxOutputLength = Math.max(rawLength, 1);
    const out = zlib.inflateRawSync(
      data,
      dictionary === undefined ? { maxOutputLength } : { maxOutputLength, dictionary },
    );
    if (out.length !== rawLength) {
      throw new Error(`inflated ${out.length} bytes, expected ${rawLength}`);
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};
