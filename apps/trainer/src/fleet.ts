import type { FleetSpec } from './spec.js';

/**
 * Index ↔ series id over a fleet of regions × hosts × metrics, without
 * materialising it: a shard is a range of indices, and a worker turns its range
 * back into series ids. Order: region, then host, then metric (fastest).
 */
export interface FleetIndex {
  /** Number of series in the fleet. */
  readonly size: number;
  /** The series id at `index` (0 ≤ index < size). */
  seriesAt(index: number): string;
  /** The series ids of `[start, start + count)`, clipped to the fleet. */
  range(start: number, count: number): string[];
}

/** Host name `host-00042` for generated hosts; the width grows with the count. */
export function hostName(index: number, hostsPerRegion: number): string {
  const width = Math.max(5, String(hostsPerRegion - 1).length);
  return `host-${String(index).padStart(width, '0')}`;
}

/** Builds the {@link FleetIndex} of a validated fleet spec. O(regions) memory. */
export function createFleetIndex(fleet: FleetSpec): FleetIndex {
  const metrics = fleet.metrics;
  const perRegion = fleet.regions.map((region) => {
    const hosts = fleet.hosts;
    if (hosts === undefined) return { region, count: fleet.hostsPerRegion ?? 0, names: undefined };
    const names = Array.isArray(hosts) ? hosts : (hosts[region] ?? []);
    return { region, count: names.length, names };
  });
  const offsets: number[] = [];
  let size = 0;
  for (const r of perRegion) {
    offsets.push(size);
    size += r.count * metrics.length;
  }

  function seriesAt(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`fleet index ${index} is outside [0, ${size})`);
    }
    // Few regions: a linear scan beats a binary search here.
    let r = perRegion.length - 1;
    while ((offsets[r] as number) > index) r--;
    const region = perRegion[r] as (typeof perRegion)[number];
    const within = index - (offsets[r] as number);
    const host = Math.floor(within / metrics.length);
    const metric = metrics[within % metrics.length] as string;
    const name =
      region.names === undefined ? hostName(host, region.count) : (region.names[host] as string);
    return `${region.region}/${name}/${metric}`;
  }

  return {
    size,
    seriesAt,
    range(start, count) {
      const end = Math.min(size, start + count);
      const out: string[] = [];
      for (let i = Math.max(0, start); i < end; i++) out.push(seriesAt(i));
      return out;
    },
  };
}
