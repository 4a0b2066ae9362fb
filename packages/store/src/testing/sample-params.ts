import type { ModelParams } from '@myriad/core';

/**
 * Deterministic synthetic parameters for store tests: a `sample` kind with a
 * JSON header and float/int blocks. Different seeds give different bytes.
 * `slots` (default 96) sets the block length.
 */
export function sampleParams(seed: number, slots = 96): ModelParams {
  let a = (seed * 2654435761) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const loc = new Float64Array(slots);
  const scale = new Float64Array(slots);
  for (let i = 0; i < slots; i++) {
    loc[i] = 100 + 50 * Math.sin((2 * Math.PI * i) / slots) + next();
    scale[i] = 1 + next();
  }
  return {
    kind: 'sample',
    kindVersion: 1,
    info: {
      stepSeconds: 900,
      fromSeconds: 1_700_000_000,
      toSeconds: 1_700_000_000 + 86400 * 7,
      count: 672,
      mean: 100 + seed,
      std: 3.5,
    },
    header: { seed, alpha: 0.25, label: `sample-${seed}` },
    blocks: { loc, scale, counts: Int32Array.from({ length: 8 }, (_, i) => i * seed) },
  };
}
