/**
 * How often each key was requested recently, approximately: TinyLFU's
 * count-min sketch (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient
 * Cache Admission Policy", 2017), as Caffeine uses it. Four 4-bit counters per
 * key (saturating at 15) in a table of 16 bytes per expected entry; an estimate is the smallest of
 * the four, so collisions can only raise it. After `10 × expectedEntries`
 * recorded requests every counter is halved, so the counts follow recent
 * popularity rather than all history.
 */
export class FrequencySketch {
  readonly #table: Uint8Array;
  readonly #mask: number;
  readonly #sampleSize: number;
  #additions = 0;

  /** Sizes the table for about `expectedEntries` distinct keys in the cache. */
  constructor(expectedEntries: number) {
    const entries = Math.max(16, Math.min(1 << 24, Math.ceil(expectedEntries)));
    // Sixteen counters per entry (Caffeine's 16 per 64-bit word) keep a key's
    // four rarely all shared; a power of two indexes by mask.
    const size = 2 ** Math.ceil(Math.log2(entries * 16));
    this.#table = new Uint8Array(size);
    this.#mask = size - 1;
    this.#sampleSize = 10 * entries;
  }

  /** Counts one request for `key`. */
  increment(key: string): void {
    const h = hash(key);
    const h2 = rehash(h);
    let added = false;
    for (let i = 0; i < 4; i++) {
      const slot = (h + Math.imul(i, h2)) & this.#mask;
      const count = this.#table[slot] as number;
      if (count < 15) {
        this.#table[slot] = count + 1;
        added = true;
      }
    }
    if (added && ++this.#additions >= this.#sampleSize) this.#halve();
  }

  /** The estimated recent request count of `key`, 0 to 15. */
  frequency(key: string): number {
    const h = hash(key);
    const h2 = rehash(h);
    let min = 15;
    for (let i = 0; i < 4; i++) {
      const count = this.#table[(h + Math.imul(i, h2)) & this.#mask] as number;
      if (count < min) min = count;
    }
    return min;
  }

  #halve(): void {
    const table = this.#table;
    for (let i = 0; i < table.length; i++) table[i] = (table[i] as number) >>> 1;
    this.#additions = Math.floor(this.#additions / 2);
  }
}

/** FNV-1a over UTF-16 code units, finished with murmur3's mixer. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return mix(h);
}

/**
 * A second, odd step for double hashing. Mixed again (high bits into low):
 * a plain multiple of `h` would share its low bits, so two keys meeting in
 * one slot would meet in all four.
 */
function rehash(h: number): number {
  return mix(h ^ 0x9e3779b9) | 1;
}

/** murmur3's 32-bit finaliser. */
function mix(x: number): number {
  let h = x;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
