/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial), slicing-by-8, pure
 * TypeScript so the codec needs nothing from Node.
 */

const TABLES: Uint32Array = buildTables();

function buildTables(): Uint32Array {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n] as number;
    for (let k = 1; k < 8; k++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8);
      t[k * 256 + n] = c >>> 0;
    }
  }
  return t;
}

/**
 * CRC-32 of `bytes[start, end)`. O(n), allocates nothing.
 * Same value as zlib's `crc32` (e.g. `crc32('123456789') === 0xcbf43926`).
 */
export function crc32(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  const t = TABLES;
  let c = 0xffffffff;
  let i = start;
  // Bounds: i + 8 <= end inside the loop, and every table index is < 2048.
  for (; i + 8 <= end; i += 8) {
    const a =
      (c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>>
      0;
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
