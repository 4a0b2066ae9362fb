import type { MyriadClient, SeriesScoreResponse } from '@myriad/client';
import { type InjectedIncident, syntheticSeries } from '@myriad/trainer';

/** One series the demo replays after the training window, with or without an injected incident. */
export interface ReplaySeries {
  readonly seriesId: string;
  readonly label: string;
  readonly incident?: InjectedIncident;
}

/** What the replay saw on one series. */
export interface ReplayOutcome {
  readonly series: ReplaySeries;
  readonly timestamps: Float64Array;
  readonly response: SeriesScoreResponse;
  /** Timestamps (Unix seconds) at which an alert fired. */
  readonly alertTimes: number[];
  /** Alerts outside the incident window (or any alert on a clean series). */
  readonly falseAlerts: number;
  /** Seconds from the incident's start to its first alert; undefined when not caught. */
  readonly detectionDelaySeconds: number | undefined;
}

/** How long after an incident ends an alert still counts as about it. */
const INCIDENT_TAIL_SECONDS = 30 * 60;

/**
 * Picks the replayed series: a level shift, a spike and a dip on three series,
 * and two clean series, all after `fromSeconds` (the end of training).
 */
export function pickReplaySeries(
  seriesIds: readonly string[],
  fromSeconds: number,
): ReplaySeries[] {
  const at = (i: number) => seriesIds[Math.floor((i * seriesIds.length) / 5)] as string;
  return [
    {
      seriesId: at(0),
      label: 'level shift',
      incident: {
        kind: 'level-shift',
        startSeconds: fromSeconds + 100 * 60,
        durationSeconds: 60 * 60,
        magnitude: 8,
      },
    },
    {
      seriesId: at(1),
      label: 'spike',
      incident: {
        kind: 'spike',
        startSeconds: fromSeconds + 130 * 60,
        durationSeconds: 4 * 60,
        magnitude: 14,
      },
    },
    {
      seriesId: at(2),
      label: 'dip',
      incident: {
        kind: 'dip',
        startSeconds: fromSeconds + 70 * 60,
        durationSeconds: 40 * 60,
        magnitude: 0.5,
      },
    },
    { seriesId: at(3), label: 'clean' },
    { seriesId: at(4), label: 'clean' },
  ];
}

/**
 * Generates each series' one-minute points over `[fromSeconds, toSeconds)`
 * (the incident injected, no scheduled ones) and scores them through
 * `POST /v1/series/{id}/score`, as an alerting pipeline would.
 */
export async function replayIncidents(
  client: MyriadClient,
  series: readonly ReplaySeries[],
  fromSeconds: number,
  toSeconds: number,
  seed: number,
): Promise<ReplayOutcome[]> {
  const outcomes: ReplayOutcome[] = [];
  for (const s of series) {
    const points = syntheticSeries(s.seriesId, fromSeconds, toSeconds, {
      seed,
      incidents: false,
      ...(s.incident === undefined ? {} : { incident: s.incident }),
    });
    const datapoints = Array.from(points.timestamps, (timestamp, i) => ({
      timestamp,
      value: points.values[i] as number,
    }));
    const response = await client.scoreSeries(s.seriesId, datapoints);
    const alertTimes: number[] = [];
    response.alerts.forEach((alert, i) => {
      if (alert) alertTimes.push(points.timestamps[i] as number);
    });
    const start = s.incident?.startSeconds;
    const end =
      start === undefined
        ? undefined
        : start + (s.incident?.durationSeconds ?? 0) + INCIDENT_TAIL_SECONDS;
    const inside = (t: number) => start !== undefined && end !== undefined && t >= start && t < end;
    const first = alertTimes.find(inside);
    outcomes.push({
      series: s,
      timestamps: points.timestamps,
      response,
      alertTimes,
      falseAlerts: alertTimes.filter((t) => !inside(t)).length,
      detectionDelaySeconds: first === undefined || start === undefined ? undefined : first - start,
    });
  }
  return outcomes;
}

/**
 * A compact table: one row per `rowMinutes`, one column per series holding the
 * highest combined score in that window and `ALERT` where an alert fired.
 */
export function incidentTable(
  outcomes: readonly ReplayOutcome[],
  fromSeconds: number,
  rowMinutes = 10,
): Array<Record<string, string>> {
  const rows: Array<Record<string, string>> = [];
  const length = outcomes[0]?.timestamps.length ?? 0;
  const perRow = rowMinutes;
  for (let start = 0; start < length; start += perRow) {
    const row: Record<string, string> = {
      time: new Date((fromSeconds + start * 60) * 1000).toISOString().slice(11, 16),
    };
    outcomes.forEach((o, k) => {
      let max = 0;
      let alert = false;
      let during = false;
      for (let i = start; i < Math.min(length, start + perRow); i++) {
        max = Math.max(max, o.response.anomaly_scores[i] ?? 0);
        alert ||= o.response.alerts[i] === true;
        const t = o.timestamps[i] as number;
        const inc = o.series.incident;
        during ||=
          inc !== undefined && t >= inc.startSeconds && t < inc.startSeconds + inc.durationSeconds;
      }
      row[`${k + 1}:${o.series.label}`] =
        `${during ? '▲' : ' '}${max.toFixed(3)}${alert ? ' ALERT' : '      '}`;
    });
    rows.push(row);
  }
  return rows;
}
