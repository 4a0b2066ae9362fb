import { deflateSync, inflateSync } from 'fflate';

/**
 * Raw deflate (RFC 1951) as the artifact codec uses it. Two implementations
 * produce interoperable streams: fflate (portable, any JS runtime) and
 * node:zlib (see `node-compression.ts`).
 */
export interface Compression {
  readonly name: string;
  /** Compresses `data` at `level` (0–9), with a preset `dictionary` if given. */
  deflate(data: Uint8Array, level: number, dictionary?: Uint8Array): Uint8Array;
  /**
   * Inflates `data` (compressed with `dictionary`, if given), which must
   * expand to exactly `rawLength` bytes. With `out` (at least `rawLength`
   * bytes) an implementation may inflate into it and return a view of it.
   * @throws Error when the stream is invalid or its length differs.
   */
  inflate(
    data: Uint8Array,
    rawLength: number,
    dictionary?: Uint8Array,
    out?: Uint8Array,
  ): Uint8Array;
  /** CRC-32 of `bytes[start, end)`; the portable {@link crc32} when absent. */
  checksum?(bytes: Uint8Array, start: number, end: number): number;
}

/** fflate's raw deflate: pure JS, runs anywhere. */
export const fflateCompression: Compression = {
  name: 'fflate',
  deflate(data, level, dictionary) {
    const lvl = level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
    return deflateSync(
      data,
      dictionary === undefined ? { level: lvl } : { level: lvl, dictionary },
    );
  },
  inflate(data, rawLength, dictionary, into) {
    // A view of exactly rawLength bytes: a longer stream fails rather than grows it.
    const out =
      into !== undefined && into.length >= rawLength
        ? into.subarray(0, rawLength)
        : new Uint8Array(rawLength);
    const got = inflateSync(data, dictionary === undefined ? { out } : { out, dictionary });
    if (got.length !== rawLength) {
      throw new Error(`inflated ${got.length} bytes, expected ${rawLength}`);
    }
    return got;
  },
};
