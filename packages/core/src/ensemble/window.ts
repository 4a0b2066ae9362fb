/**
 * The recent finite fine points one ensemble member looks at, oldest first,
 * with running sums of values and timestamps. Internal to the ensemble.
 * Amortised O(1) per push and eviction; grows (doubling) only while the window
 * is larger than ever before, otherwise allocates nothing.
 */
export class PointWindow {
  #times: Float64Array;
  #values: Float64Array;
  #head = 0;
  #size = 0;
  #sum = 0;
  #sumT = 0;
  #pushes = 0;

  constructor(capacity: number) {
    const size = Math.max(4, capacity);
    this.#times = new Float64Array(size);
    this.#values = new Float64Array(size);
  }

  get count(): number {
    return this.#size;
  }

  get sum(): number {
    return this.#sum;
  }

  /** Mean of the values; NaN when empty. */
  get mean(): number {
    return this.#sum / this.#size;
  }

  /** Mean of the timestamps; NaN when empty. */
  get meanTime(): number {
    return this.#sumT / this.#size;
  }

  clear(): void {
    this.#head = 0;
    this.#size = 0;
    this.#sum = 0;
    this.#sumT = 0;
  }

  push(t: number, v: number): void {
    const capacity = this.#times.length;
    if (this.#size === capacity) this.#grow();
    const at = (this.#head + this.#size) % this.#times.length;
    this.#times[at] = t;
    this.#values[at] = v;
    this.#size++;
    this.#sum += v;
    this.#sumT += t;
    // Running sums drift by rounding as points come and go; re-add them now and then.
    if (++this.#pushes >= 4096) this.#resum();
  }

  /** Drops points with timestamp < `limit` (or ≤ when `inclusive`). */
  evictBefore(limit: number, inclusive: boolean): void {
    const cap = this.#times.length;
    while (this.#size > 0) {
      const t = this.#times[this.#head] as number;
      if (inclusive ? t > limit : t >= limit) break;
      this.#sum -= this.#values[this.#head] as number;
      this.#sumT -= t;
      this.#head = this.#head + 1 === cap ? 0 : this.#head + 1;
      this.#size--;
    }
    if (this.#size === 0) {
      this.#sum = 0;
      this.#sumT = 0;
    }
  }

  #grow(): void {
    const cap = this.#times.length;
    const times = new Float64Array(cap * 2);
    const values = new Float64Array(cap * 2);
    for (let i = 0; i < this.#size; i++) {
      times[i] = this.#times[(this.#head + i) % cap] as number;
      values[i] = this.#values[(this.#head + i) % cap] as number;
    }
    this.#times = times;
    this.#values = values;
    this.#head = 0;
  }

  #resum(): void {
    const cap = this.#times.length;
    let sum = 0;
    let sumT = 0;
    for (let i = 0; i < this.#size; i++) {
      sum += this.#values[(this.#head + i) % cap] as number;
      sumT += this.#times[(this.#head + i) % cap] as number;
    }
    this.#sum = sum;
    this.#sumT = sumT;
    this.#pushes = 0;
  }
}
