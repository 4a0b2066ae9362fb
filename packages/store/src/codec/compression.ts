import { deflateSync, inflateSync } from 'fflate';

/**
 * Raw deflate (RFC 1951) as the artifact codec uses it. Two implementations
 * produce interoperable streams: fflate (portable, any JS runtime) and
 * node:zlib (see `node-compression.ts`).
 */
export interface Compression {
  readonly name: string;
  /** Compresses `data` at `level` (0–9). */
  deflate(data: Uint8Array, level: number): Uint8Array;
  /**
   * Inflates `data`, which must expand to exactly `rawLength` bytes.
   * @throws Error when the stream is invalid or its length differs.
   */
  inflate(data: Uint8Array, rawLength: number): Uint8Array;
  /** CRC-32 of `bytes[start, end)`; the portable {@link crc32} when absent. */
  checksum?(bytes: Uint8Array, start: number, end: number): number;
}

/** fflate's raw deflate: pure JS, runs anywhere. */
export const fflateCompression: Compression = {
  name: 'fflate',
  deflate(data, level) {
    return deflateSync(data, { level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 });
  },
  inflate(data, rawLength) {
    const out = inflateSync(data, { out: new Uint8Array(rawLength) });
    if (out.length !== rawLength) {
      throw new Error(`inflated ${out.length} bytes, expected ${rawLength}`);
    }
    return out;
  },
};
