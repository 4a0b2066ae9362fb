/** Little-endian byte writer and bounds-checked reader for the artifact codec. */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Thrown by {@link ByteReader} on any out-of-bounds or malformed read; the codec maps it to `CORRUPT_ARTIFACT`. */
export class MalformedError extends Error {
  override readonly name = 'MalformedError';
}

/** An append-only little-endian buffer that grows by doubling. */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  length = 0;

  constructor(capacity = 1024) {
    this.#buf = new Uint8Array(capacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  #ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.#ensure(1);
    this.#view.setUint8(this.length, v);
    this.length += 1;
  }
  u16(v: number): void {
    this.#ensure(2);
    this.#view.setUint16(this.length, v, true);
    this.length += 2;
  }
  u32(v: number): void {
    this.#ensure(4);
    this.#view.setUint32(this.length, v, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.#ensure(8);
    this.#view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  bytes(b: Uint8Array): void {
    this.#ensure(b.length);
    this.#buf.set(b, this.length);
    this.length += b.length;
  }
  /** A UTF-8 string with a u8 (`lengthBytes` 1) or u16/u32 length prefix. */
  string(s: string, lengthBytes: 1 | 2 | 4): void {
    const b = encoder.encode(s);
    const max = lengthBytes === 1 ? 0xff : lengthBytes === 2 ? 0xffff : 0xffffffff;
    if (b.length > max) throw new RangeError(`string of ${b.length} bytes exceeds ${max}`);
    if (lengthBytes === 1) this.u8(b.length);
    else if (lengthBytes === 2) this.u16(b.length);
    else this.u32(b.length);
    this.bytes(b);
  }
  /** Overwrites a u16 at `offset` (already written). */
  patchU16(offset: number, v: number): void {
    this.#view.setUint16(offset, v, true);
  }
  /** The written bytes (a view, not a copy). */
  finish(): Uint8Array {
    return this.#buf.subarray(0, this.length);
  }
}

/** A bounds-checked little-endian reader over a byte range. */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly end: number;
  offset: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = start;
    this.end = end;
  }

  #take(n: number, what: string): number {
    const at = this.offset;
    if (n < 0 || at + n > this.end) {
      throw new MalformedError(`${what} at byte ${at} runs past the end (${this.end})`);
    }
    this.offset = at + n;
    return at;
  }

  u8(what: string): number {
    return this.#view.getUint8(this.#take(1, what));
  }
  u16(what: string): number {
    return this.#view.getUint16(this.#take(2, what), true);
  }
  u32(what: string): number {
    return this.#view.getUint32(this.#take(4, what), true);
  }
  f64(what: string): number {
    return this.#view.getFloat64(this.#take(8, what), true);
  }
  /** A view of the next `n` bytes (not a copy). */
  bytes(n: number, what: string): Uint8Array {
    const at = this.#take(n, what);
    return this.#bytes.subarray(at, at + n);
  }
  string(lengthBytes: 1 | 2 | 4, what: string): string {
    const n =
      lengthBytes === 1 ? this.u8(what) : lengthBytes === 2 ? this.u16(what) : this.u32(what);
    try {
      return decoder.decode(this.bytes(n, what));
    } catch (err) {
      if (err instanceof MalformedError) throw err;
      throw new MalformedError(`${what} is not valid UTF-8`);
    }
  }
}
