import type { JsonObject, ParamBlock } from '@myriad/core';
import { type ByteReader, type ByteWriter, MalformedError } from './bytes.js';

/**
 * The parameter body of an artifact: the kind's JSON header, then each typed
 * block as `name, type, layout, count, bytes`. Multi-byte elements are
 * byte-shuffled (all first bytes, then all second bytes, …), which groups the
 * slowly varying exponent bytes of floats so deflate finds runs in them.
 */

const TYPE_F64 = 1;
const TYPE_F32 = 2;
const TYPE_I32 = 3;
const TYPE_U32 = 4;
const TYPE_U8 = 5;

/** Stored as-is, little-endian. */
const LAYOUT_RAW = 0;
/** Byte-shuffled elements of the block's own type. */
const LAYOUT_SHUFFLE = 1;
/** A Float64Array stored as byte-shuffled float32 (exact when every value is a float32). */
const LAYOUT_F32_SHUFFLE = 2;

const BLOCK_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
/** Largest element count accepted in one block (64 Mi): bounds allocation on decode. */
const MAX_BLOCK_ELEMENTS = 64 * 1024 * 1024;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  // Typed-array views below assume little-endian hosts (every platform Node ships for).
  throw new Error('@myriad/store codec requires a little-endian host');
}

function typeOf(block: ParamBlock): number {
  if (block instanceof Float64Array) return TYPE_F64;
  if (block instanceof Float32Array) return TYPE_F32;
  if (block instanceof Int32Array) return TYPE_I32;
  if (block instanceof Uint32Array) return TYPE_U32;
  if (block instanceof Uint8Array) return TYPE_U8;
  throw new TypeError(
    'parameter block must be a Float64Array, Float32Array, Int32Array, Uint32Array or Uint8Array',
  );
}

/** True when every value of `a` survives a round trip through float32 (NaN included). O(n), no allocation. */
function isExactFloat32(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (Math.fround(v) !== v && !Number.isNaN(v)) return false;
  }
  return true;
}

/** Byte-shuffles `count` elements of `size` bytes from `src` into `dst` at `dstOffset`. O(n), no allocation. */
function shuffle(
  src: Uint8Array,
  size: number,
  count: number,
  dst: Uint8Array,
  dstOffset: number,
): void {
  for (let b = 0; b < size; b++) {
    const base = dstOffset + b * count;
    for (let i = 0; i < count; i++) dst[base + i] = src[i * size + b] as number;
  }
}

/**
 * Inverse of {@link shuffle}, writing whole 32-bit words for 4- and 8-byte
 * elements (about 3× faster than byte stores). O(n), no allocation.
 * `dst` must start at a 4-byte-aligned offset (fresh buffers do).
 */
function unshuffle(src: Uint8Array, size: number, count: number, dst: Uint8Array): void {
  if ((size === 4 || size === 8) && dst.byteOffset % 4 === 0) {
    const words = new Uint32Array(dst.buffer, dst.byteOffset, (count * size) >>> 2);
    const step = size >>> 2;
    for (let half = 0; half < step; half++) {
      const b0 = half * 4 * count;
      const b1 = b0 + count;
      const b2 = b1 + count;
      const b3 = b2 + count;
      for (let i = 0; i < count; i++) {
        words[i * step + half] =
          (src[b0 + i]! | (src[b1 + i]! << 8) | (src[b2 + i]! << 16) | (src[b3 + i]! << 24)) >>> 0;
      }
    }
    return;
  }
  for (let b = 0; b < size; b++) {
    const base = b * count;
    for (let i = 0; i < count; i++) dst[i * size + b] = src[base + i] as number;
  }
}

function bytesOf(a: ParamBlock): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Appends the body (header JSON and blocks) to `w`. */
export function writeBody(
  w: ByteWriter,
  header: JsonObject,
  blocks: Readonly<Record<string, ParamBlock>>,
  floats: 'exact' | 'float32',
): void {
  w.string(JSON.stringify(header), 4);
  const names = Object.keys(blocks);
  if (names.length > 0xffff) throw new RangeError(`${names.length} blocks, at most 65535`);
  w.u16(names.length);
  for (const name of names) {
    if (!BLOCK_NAME.test(name) || name === '__proto__') {
      throw new RangeError(`block name ${JSON.stringify(name)} must match ${BLOCK_NAME.source}`);
    }
    const block = blocks[name] as ParamBlock;
    const type = typeOf(block);
    w.string(name, 1);
    w.u8(type);
    if (type === TYPE_F64 && (floats === 'float32' || isExactFloat32(block as Float64Array))) {
      const f32 = Float32Array.from(block as Float64Array);
      w.u8(LAYOUT_F32_SHUFFLE);
      w.u32(block.length);
      const out = new Uint8Array(f32.byteLength);
      shuffle(bytesOf(f32), 4, block.length, out, 0);
      w.bytes(out);
    } else if (type === TYPE_U8) {
      w.u8(LAYOUT_RAW);
      w.u32(block.length);
      w.bytes(bytesOf(block));
    } else {
      w.u8(LAYOUT_SHUFFLE);
      w.u32(block.length);
      const out = new Uint8Array(block.byteLength);
      shuffle(bytesOf(block), block.BYTES_PER_ELEMENT, block.length, out, 0);
      w.bytes(out);
    }
  }
}

function elementSize(type: number): number {
  switch (type) {
    case TYPE_F64:
      return 8;
    case TYPE_F32:
    case TYPE_I32:
    case TYPE_U32:
      return 4;
    case TYPE_U8:
      return 1;
    default:
      throw new MalformedError(`unknown block type ${type}`);
  }
}

function makeBlock(type: number, buffer: ArrayBuffer, offset: number, n: number): ParamBlock {
  switch (type) {
    case TYPE_F64:
      return new Float64Array(buffer, offset, n);
    case TYPE_F32:
      return new Float32Array(buffer, offset, n);
    case TYPE_I32:
      return new Int32Array(buffer, offset, n);
    case TYPE_U32:
      return new Uint32Array(buffer, offset, n);
    default:
      return new Uint8Array(buffer, offset, n);
  }
}

/** One block as read from the body, before its values are copied out. */
interface BlockSpan {
  name: string;
  type: number;
  layout: number;
  n: number;
  /** The stored bytes: a view of the (inflated) body. */
  stored: Uint8Array;
}

/** Scratch for float32-stored blocks while they are widened; grown on demand. */
let f32Scratch = new Float32Array(1024);

/**
 * Reads the body written by {@link writeBody}; the reader must end exactly at its end.
 * Every block is a view of one new ArrayBuffer (each at an 8-byte aligned
 * offset), so a decoded model costs the garbage collector one backing store
 * rather than one per block. Nothing returned refers to the reader's bytes.
 * @throws MalformedError on any inconsistency.
 */
export function readBody(r: ByteReader): {
  header: JsonObject;
  blocks: Record<string, ParamBlock>;
} {
  const json = r.string(4, 'header JSON');
  let header: unknown;
  try {
    header = JSON.parse(json);
  } catch {
    throw new MalformedError('header is not valid JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new MalformedError('header is not a JSON object');
  }
  const count = r.u16('block count');
  const spans: BlockSpan[] = [];
  const names = new Set<string>();
  let total = 0;
  for (let k = 0; k < count; k++) {
    const name = r.string(1, 'block name');
    if (!BLOCK_NAME.test(name) || name === '__proto__' || names.has(name)) {
      throw new MalformedError(`bad or duplicate block name ${JSON.stringify(name)}`);
    }
    names.add(name);
    const type = r.u8('block type');
    const layout = r.u8('block layout');
    const n = r.u32('block length');
    if (n > MAX_BLOCK_ELEMENTS) throw new MalformedError(`block ${name} claims ${n} elements`);
    const size = elementSize(type);
    let storedSize = size;
    if (layout === LAYOUT_F32_SHUFFLE) {
      if (type !== TYPE_F64)
        throw new MalformedError(`block ${name}: float32 layout on a non-float64 block`);
      storedSize = 4;
    } else if (layout !== LAYOUT_SHUFFLE && layout !== LAYOUT_RAW) {
      throw new MalformedError(`block ${name}: unknown layout ${layout}`);
    }
    const stored = r.bytes(n * storedSize, `block ${name}`);
    spans.push({ name, type, layout, n, stored });
    total += Math.ceil((n * size) / 8) * 8;
  }
  if (r.offset !== r.end)
    throw new MalformedError(`${r.end - r.offset} stray bytes after the blocks`);

  const buffer = new ArrayBuffer(total);
  const blocks: Record<string, ParamBlock> = {};
  let offset = 0;
  for (const { name, type, layout, n, stored } of spans) {
    const size = elementSize(type);
    const block = makeBlock(type, buffer, offset, n);
    if (layout === LAYOUT_F32_SHUFFLE) {
      if (f32Scratch.length < n) f32Scratch = new Float32Array(Math.max(n, f32Scratch.length * 2));
      const f32 = f32Scratch.subarray(0, n);
      unshuffle(stored, 4, n, new Uint8Array(f32.buffer, 0, n * 4));
      (block as Float64Array).set(f32);
    } else if (layout === LAYOUT_SHUFFLE && size > 1) {
      unshuffle(stored, size, n, new Uint8Array(buffer, offset, n * size));
    } else {
      new Uint8Array(buffer, offset, n * size).set(stored);
    }
    blocks[name] = block;
    offset += Math.ceil((n * size) / 8) * 8;
  }
  return { header: header as JsonObject, blocks };
}
