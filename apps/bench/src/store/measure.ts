/** Timing helpers for the store benchmark. */

/** Percentile `p` (0–100) of `values` (sorted in place), nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const rank = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1));
  return values[rank] as number;
}

/** Nanoseconds since an arbitrary origin, as a number. */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/**
 * Microseconds per call of `fn`: the best of `rounds` rounds of `iterations`
 * calls each, after a warm-up round. The best round is the code's own cost;
 * on a shared machine the others mostly measure other processes.
 */
export function microsPerCall(fn: () => void, iterations: number, rounds = 7): number {
  for (let i = 0; i < iterations; i++) fn();
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = nowNs();
    for (let i = 0; i < iterations; i++) fn();
    perRound.push((nowNs() - t) / iterations / 1000);
  }
  return Math.min(...perRound);
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
