import type { Points } from '@myriad/core';

/**
 * A telemetry-like series at `stepSeconds`: daily and weekly cycles, noise
 * and a few spikes, `days` long ending at a midnight. Deterministic per seed.
 */
export function syntheticHistory(stepSeconds: number, days: number, seed: number): Points {
  let a = seed >>> 0 || 1;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = Math.floor((days * 86400) / stepSeconds);
  const end = 1_767_225_600; // 2026-01-01T00:00:00Z
  const start = end - n * stepSeconds;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  const base = 200 + rnd() * 300;
  for (let i = 0; i < n; i++) {
    const t = start + i * stepSeconds;
    const day = (t % 86400) / 86400;
    const weekday = Math.floor(t / 86400 + 4) % 7; // 0 = Sunday
    const weekly = weekday === 0 || weekday === 6 ? 0.7 : 1;
    const daily = 1 + 0.4 * Math.sin(2 * Math.PI * (day - 0.3)) + 0.1 * Math.sin(4 * Math.PI * day);
    const noise = (rnd() + rnd() + rnd() - 1.5) * 0.08;
    const spike = rnd() < 0.001 ? 2 + rnd() * 3 : 0;
    timestamps[i] = t;
    values[i] = base * weekly * daily * (1 + noise) + base * spike;
  }
  return { timestamps, values };
}
