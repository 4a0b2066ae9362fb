import { mix32, NORMAL_TABLE } from './hash.js';
import { type Incident, type IncidentKind, incidentsOf } from './incidents.js';
import { DIURNAL_TABLE, type SeriesProfile, seriesProfile } from './profile.js';

/** An incident the caller injects on top of (or instead of) the scheduled ones. */
export interface InjectedIncident {
  readonly kind: IncidentKind;
  /** Unix seconds. */
  readonly startSeconds: number;
  readonly durationSeconds: number;
  /**
   * Size in noise standard deviations (spike, level shift; negative shifts
   * down) or the fraction of the value lost (dip, 0 to 1). Default: 10 σ / 0.6.
   */
  readonly magnitude?: number;
}

/** Options for {@link syntheticSeries}. */
export interface SyntheticSeriesOptions {
  /** World seed; default 0. */
  seed?: number;
  /** Spacing of the points in seconds; default 60. */
  stepSeconds?: number;
  /** Include the series' scheduled incidents; default true. */
  incidents?: boolean;
  /** An extra incident to inject (for the demo's replay). */
  incident?: InjectedIncident;
  /**
   * Timestamps of this very window from an earlier call, shared instead of
   * allocated again (a batch of series over one window has one time axis).
   * Ignored when its length or first timestamp does not match.
   */
  timestamps?: Float64Array;
}

/** Generated points plus the incidents they contain. */
export interface SyntheticSeries {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /** Ground truth: the incidents affecting this window. */
  readonly incidents: Incident[];
}

const WEEK_SHAPE = new Float64Array([1, 0, 0, 0, 0, 0, 0.8]); // Sunday = 0 … Saturday = 6: weekend weights

/**
 * One synthetic series over `[fromSeconds, toSeconds)` at `stepSeconds`
 * (timestamps on multiples of the step). Deterministic per (seed, series id,
 * timestamp): overlapping windows agree point for point. A daily cycle in the
 * region's local time, a weekend dip, host-level level and noise, and
 * incidents (spikes, dips, level shifts). O(points + days); allocates the two
 * output arrays (10,080 points ≈ 60 µs).
 * @throws RangeError for a non-finite window or a non-positive step.
 */
export function syntheticSeries(
  seriesId: string,
  fromSeconds: number,
  toSeconds: number,
  options: SyntheticSeriesOptions = {},
): SyntheticSeries {
  const step = options.stepSeconds ?? 60;
  if (!(step > 0) || !Number.isFinite(fromSeconds) || !Number.isFinite(toSeconds)) {
    throw new RangeError(`bad synthetic window [${fromSeconds}, ${toSeconds}) step ${step}`);
  }
  const profile = seriesProfile(seriesId, options.seed ?? 0);
  const first = Math.ceil(fromSeconds / step) * step;
  const n = Math.max(0, Math.ceil((toSeconds - first) / step));
  const given = options.timestamps;
  const shared = given !== undefined && given.length === n && (n === 0 || given[0] === first);
  const timestamps = shared ? given : new Float64Array(n);
  const values = new Float64Array(n);
  fillBase(profile, first, step, shared ? undefined : timestamps, values);
  const incidents =
    options.incidents === false ? [] : incidentsOf(seriesId, profile, fromSeconds, toSeconds);
  if (options.incident !== undefined) incidents.push(injected(seriesId, profile, options.incident));
  for (const incident of incidents) applyIncident(incident, first, step, values);
  return { timestamps, values, incidents };
}

/** The ground-truth incidents of a series in `[fromSeconds, toSeconds)` (scheduled ones only). */
export function syntheticIncidents(
  seriesId: string,
  fromSeconds: number,
  toSeconds: number,
  options: { seed?: number } = {},
): Incident[] {
  return incidentsOf(seriesId, seriesProfile(seriesId, options.seed ?? 0), fromSeconds, toSeconds);
}

function fillBase(
  p: SeriesProfile,
  first: number,
  step: number,
  timestamps: Float64Array | undefined,
  values: Float64Array,
): void {
  const amp = p.diurnalAmplitude;
  const dip = p.weekendDip;
  const level = p.level;
  const noise = p.noise;
  const seed = p.seed;
  // Local time advanced incrementally: no division per point.
  const local = first + p.localOffsetSeconds;
  let day = Math.floor(local / 86_400);
  let secondOfDay = local - day * 86_400;
  let weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (Sunday = 0)
  let dayFactor = level * (1 - dip * (WEEK_SHAPE[weekday] as number));
  for (let i = 0; i < values.length; i++) {
    const t = first + i * step;
    if (timestamps !== undefined) timestamps[i] = t;
    const seasonal = 1 + amp * (DIURNAL_TABLE[(secondOfDay / 60) | 0] as number);
    const z = NORMAL_TABLE[mix32(seed ^ Math.imul(t, 0x9e3779b1)) & 4095] as number;
    values[i] = dayFactor * seasonal + noise * z;
    secondOfDay += step;
    while (secondOfDay >= 86_400) {
      secondOfDay -= 86_400;
      day++;
      weekday = weekday === 6 ? 0 : weekday + 1;
      dayFactor = level * (1 - dip * (WEEK_SHAPE[weekday] as number));
    }
  }
}

function applyIncident(
  incident: Incident,
  first: number,
  step: number,
  values: Float64Array,
): void {
  const from = Math.max(0, Math.ceil((incident.startSeconds - first) / step));
  const to = Math.min(values.length, Math.ceil((incident.endSeconds - first) / step));
  for (let i = from; i < to; i++) {
    values[i] = (values[i] as number) * incident.factor + incident.delta;
  }
}

function injected(seriesId: string, p: SeriesProfile, spec: InjectedIncident): Incident {
  const startSeconds = spec.startSeconds;
  const endSeconds = spec.startSeconds + spec.durationSeconds;
  if (spec.kind === 'dip') {
    const lost = Math.min(1, Math.max(0, spec.magnitude ?? 0.6));
    return { seriesId, kind: 'dip', startSeconds, endSeconds, delta: 0, factor: 1 - lost };
  }
  const delta = (spec.magnitude ?? 10) * p.noise;
  return { seriesId, kind: spec.kind, startSeconds, endSeconds, delta, factor: 1 };
}
