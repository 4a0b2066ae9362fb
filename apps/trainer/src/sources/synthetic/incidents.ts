import { hash2, unit } from './hash.js';
import type { SeriesProfile } from './profile.js';

/** The kinds of incident the synthetic source injects. */
export type IncidentKind = 'spike' | 'dip' | 'level-shift';

/** One injected incident: ground truth for evaluation and the demo. */
export interface Incident {
  readonly seriesId: string;
  readonly kind: IncidentKind;
  /** First affected second (Unix seconds). */
  readonly startSeconds: number;
  /** First unaffected second after it (Unix seconds). */
  readonly endSeconds: number;
  /** Added to the value while it lasts (negative for a drop), absolute units. For `dip`, see `factor`. */
  readonly delta: number;
  /** Multiplies the value while it lasts (1 when not a dip). */
  readonly factor: number;
}

/** Probability that a series has an incident starting on a given UTC day. */
export const INCIDENTS_PER_DAY = 0.04;
const DAY = 86_400;
/** Longest incident: a level shift of up to a day. */
const MAX_DURATION = DAY;

/**
 * The incidents of a series overlapping `[fromSeconds, toSeconds)`. At most one
 * per UTC day, decided by the series' hash, so any window of the same series
 * sees the same incidents. O(days in window).
 */
export function incidentsOf(
  seriesId: string,
  profile: SeriesProfile,
  fromSeconds: number,
  toSeconds: number,
): Incident[] {
  const out: Incident[] = [];
  const firstDay = Math.floor((fromSeconds - MAX_DURATION) / DAY);
  const lastDay = Math.floor(toSeconds / DAY);
  for (let day = firstDay; day <= lastDay; day++) {
    const h = hash2(profile.seed, day * 7 + 1);
    if (unit(h) >= INCIDENTS_PER_DAY) continue;
    const pick = unit(hash2(h, 11));
    const start = day * DAY + 60 * Math.floor(unit(hash2(h, 12)) * 1440);
    const size = 6 + 8 * unit(hash2(h, 13));
    let kind: IncidentKind;
    let duration: number;
    let delta = 0;
    let factor = 1;
    if (pick < 0.45) {
      kind = 'spike';
      duration = 60 * (1 + Math.floor(unit(hash2(h, 14)) * 15));
      delta = size * profile.noise + 0.5 * profile.level;
    } else if (pick < 0.75) {
      kind = 'dip';
      duration = 60 * (15 + Math.floor(unit(hash2(h, 14)) * 75));
      factor = 0.15 + 0.35 * unit(hash2(h, 15));
    } else {
      kind = 'level-shift';
      duration = 3600 * (2 + Math.floor(unit(hash2(h, 14)) * 22));
      const sign = unit(hash2(h, 16)) < 0.7 ? 1 : -1;
      const magnitude = Math.max(size * profile.noise, 0.25 * profile.level);
      delta = sign * Math.min(magnitude, sign > 0 ? 2 * profile.level : 0.6 * profile.level);
    }
    const end = start + duration;
    if (end > fromSeconds && start < toSeconds) {
      out.push({ seriesId, kind, startSeconds: start, endSeconds: end, delta, factor });
    }
  }
  return out;
}
