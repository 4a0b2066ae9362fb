import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Compression } from './compression.js';

/** node:zlib's raw deflate (native). Same streams as {@link fflateCompression}. */
export const nodeCompression: Compression = {
  name: 'node:zlib',
  deflate(data, level) {
    const out = deflateRawSync(data, { level });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  inflate(data, rawLength) {
    // maxOutputLength bounds a hostile stream; a longer one throws RangeError.
    const out = inflateRawSync(data, { maxOutputLength: Math.max(rawLength, 1) });
    if (out.length !== rawLength) {
      throw new Error(`inflated ${out.length} bytes, expected ${rawLength}`);
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};
