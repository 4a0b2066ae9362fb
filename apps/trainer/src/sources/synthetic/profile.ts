import { hash2, hashString, NORMAL_TABLE, unit } from './hash.js';

/** UTC offsets in hours of well-known cloud regions; other regions get one from their name's hash. */
const REGION_UTC_OFFSET_HOURS: Readonly<Record<string, number>> = {
  'us-east-1': -5,
  'us-east-2': -5,
  'us-west-1': -8,
  'us-west-2': -8,
  'ca-central-1': -5,
  'sa-east-1': -3,
  'eu-west-1': 0,
  'eu-west-2': 0,
  'eu-west-3': 1,
  'eu-central-1': 1,
  'eu-north-1': 1,
  'me-south-1': 4,
  'ap-south-1': 5.5,
  'ap-southeast-1': 8,
  'ap-southeast-2': 10,
  'ap-northeast-1': 9,
  'ap-northeast-2': 9,
  'ap-east-1': 8,
  'af-south-1': 2,
};

/** Typical levels of common metrics; others get one from their name's hash (10 to 1,000). */
const METRIC_BASE: Readonly<Record<string, number>> = {
  page_load_ms: 350,
  latency_ms: 120,
  cpu_pct: 40,
  memory_pct: 55,
  requests_per_s: 800,
  error_rate: 2,
};

/** Everything that shapes one synthetic series, derived from its id and the seed. */
export interface SeriesProfile {
  /** uint32 seed of the series' per-point noise and incidents. */
  readonly seed: number;
  /** The region's UTC offset plus a host jitter of up to ±30 minutes, in seconds. */
  readonly localOffsetSeconds: number;
  /** Mean level of the series. */
  readonly level: number;
  /** Noise standard deviation (absolute). */
  readonly noise: number;
  /** Relative amplitude of the daily cycle (0.1 to 0.6). */
  readonly diurnalAmplitude: number;
  /** Relative dip on weekends (0 to 0.35). */
  readonly weekendDip: number;
}

/**
 * Derives a series' profile from its id `region/host/metric` (fewer or more
 * segments are fine: the first is the region, the last the metric).
 * O(id length); allocates one small object.
 */
export function seriesProfile(seriesId: string, seed: number): SeriesProfile {
  const slash = seriesId.indexOf('/');
  const region = slash < 0 ? seriesId : seriesId.slice(0, slash);
  const metric = seriesId.slice(seriesId.lastIndexOf('/') + 1);
  const host = seriesId.slice(slash + 1, Math.max(slash + 1, seriesId.lastIndexOf('/')));
  const s = hashString(seriesId, seed);
  const hostHash = hashString(host, seed ^ 0x5bd1e995);
  const regionOffset = REGION_UTC_OFFSET_HOURS[region] ?? (hashString(region, seed) % 24) - 11;
  const metricBase = METRIC_BASE[metric] ?? 10 ** (1 + 2 * unit(hashString(metric, seed)));
  // Host-level factors: a lognormal level and a noise fraction shared by the host's metrics.
  const levelFactor = Math.exp(0.4 * (NORMAL_TABLE[hostHash & 4095] as number));
  const noiseFraction = 0.03 + 0.07 * unit(hash2(hostHash, 1));
  const level = metricBase * levelFactor;
  return {
    seed: s,
    localOffsetSeconds: regionOffset * 3600 + Math.round((unit(hash2(hostHash, 2)) - 0.5) * 3600),
    level,
    noise: level * noiseFraction,
    diurnalAmplitude: 0.1 + 0.5 * unit(hash2(s, 3)),
    weekendDip: 0.35 * unit(hash2(s, 4)),
  };
}

/**
 * The daily shape by local minute of day, in [-1, 1]: a night trough near
 * 04:00, a late-morning peak and a smaller evening one. Built once.
 */
export const DIURNAL_TABLE: Float64Array = (() => {
  const table = new Float64Array(1440);
  let max = 0;
  for (let m = 0; m < 1440; m++) {
    const x = (2 * Math.PI * (m / 60 - 4)) / 24;
    const v = -Math.cos(x) + 0.35 * Math.sin(2 * x - 0.6);
    table[m] = v;
    max = Math.max(max, Math.abs(v));
  }
  for (let m = 0; m < 1440; m++) table[m] = (table[m] as number) / max;
  return table;
})();
