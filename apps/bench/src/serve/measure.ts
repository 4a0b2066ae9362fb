import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { type LoadResult, runLoad } from './load.js';

// Measurement helpers of the serve benchmark.

/** The median (upper middle) of a non-empty list. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** CPU ms used so far by this primary's cluster workers (Linux /proc; NaN elsewhere). */
export function workersCpuMs(): number {
  let total = 0;
  for (const worker of Object.values(cluster.workers ?? {})) {
    const pid = worker?.process.pid;
    if (pid === undefined) continue;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime and stime, in clock ticks (100 per second on Linux).
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return Number.NaN;
    }
  }
  return total;
}

/** Sends 20,000 requests (closed loop) and returns the workers' CPU µs per request. */
export async function cpuPerRequest(
  host: string,
  port: number,
  request: (i: number) => Buffer,
  connections: number,
) {
  const count = 20_000;
  const before = workersCpuMs();
  const r = await runLoad({
    host,
    port,
    request,
    connections,
    durationMs: 120_000,
    maxRequests: count,
  });
  return ((workersCpuMs() - before) * 1000) / r.requests;
}

/** Rounds of one phase as one result: the mean rate, the median p50/p99, summed counts. */
export function combineRounds(rounds: readonly LoadResult[]): LoadResult {
  const seconds = rounds.reduce((a, r) => a + r.seconds, 0);
  const requests = rounds.reduce((a, r) => a + r.requests, 0);
  const statuses: Record<string, number> = {};
  for (const r of rounds) {
    for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  }
  return {
    requests,
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    statuses,
    seconds,
    reqPerSec: seconds > 0 ? requests / seconds : 0,
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    maxMs: Math.max(...rounds.map((r) => r.maxMs)),
    loadgenCpu: rounds.reduce((a, r) => a + r.loadgenCpu * r.seconds, 0) / (seconds || 1),
    pacingLagP50Ms: median(rounds.map((r) => r.pacingLagP50Ms)),
    pacingLagP99Ms: median(rounds.map((r) => r.pacingLagP99Ms)),
    backlogged: rounds.reduce((a, r) => a + r.backlogged, 0),
  };
}

/** A 32-bit integer hash (lowbias32): request index → an evenly spread unsigned 32-bit value. */
export function mix32(i: number): number {
  let x = i >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
