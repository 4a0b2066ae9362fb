import { randomBytes } from 'node:crypto';
import { parseResolution } from '@myriad/core';
import { createFleetIndex } from './fleet.js';
import { historySeconds, type RunSpec } from './spec.js';

/**
 * A new run id, `r20261126-103512-k3x9qa`: sortable by creation time, unique
 * without coordination, and valid as a BullMQ job id and a series id segment.
 */
export function newRunId(nowMs = Date.now()): string {
  const d = new Date(nowMs).toISOString();
  const stamp = `${d.slice(0, 10).replaceAll('-', '')}-${d.slice(11, 19).replaceAll(':', '')}`;
  const random = BigInt(`0x${randomBytes(5).toString('hex')}`)
    .toString(36)
    .padStart(8, '0');
  return `r${stamp}-${random}`;
}

/**
 * The training window of a run starting at `nowMs`: `to` is the spec's `to`,
 * or now rounded down to the coarsest resolution (so every resolution's last
 * bucket is complete); `from` is `to` minus the history. Unix seconds.
 */
export function runWindow(
  spec: RunSpec,
  nowMs = Date.now(),
): { fromSeconds: number; toSeconds: number } {
  let to: number;
  if (spec.to === undefined) {
    const coarsest = Math.max(
      ...spec.resolutions.map((r) => parseResolution(r.resolution).seconds),
    );
    to = Math.floor(nowMs / 1000 / coarsest) * coarsest;
  } else {
    to = typeof spec.to === 'number' ? spec.to : Date.parse(spec.to) / 1000;
  }
  return { fromSeconds: to - historySeconds(spec), toSeconds: to };
}

/** Series and shard counts of a fleet spec; undefined when the run lists its source instead. */
export function fleetPlan(spec: RunSpec): { seriesTotal: number; shardsTotal: number } | undefined {
  if (spec.fleet === undefined) return undefined;
  const size = createFleetIndex(spec.fleet).size;
  return { seriesTotal: size, shardsTotal: Math.ceil(size / spec.shardSize) };
}
