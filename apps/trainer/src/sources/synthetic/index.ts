import { parseSeriesId } from '@myriad/core';
import { createFleetIndex } from '../../fleet.js';
import type { FleetSpec } from '../../spec.js';
import type { DataSource, SeriesPoints } from '../source.js';
import { syntheticSeries } from './generate.js';
import { type Incident, incidentsOf } from './incidents.js';
import { seriesProfile } from './profile.js';

export {
  type InjectedIncident,
  type SyntheticSeries,
  type SyntheticSeriesOptions,
  syntheticIncidents,
  syntheticSeries,
} from './generate.js';
export { INCIDENTS_PER_DAY, type Incident, type IncidentKind } from './incidents.js';

/** Options for {@link createSyntheticSource}. */
export interface SyntheticSourceOptions {
  /** World seed; default 0. */
  seed?: number;
  /** Inject scheduled incidents; default true. */
  incidents?: boolean;
  /** Spacing of the points in seconds; default 60. */
  stepSeconds?: number;
  /** What `listSeries` enumerates; default {@link DEFAULT_SYNTHETIC_FLEET}. */
  fleet?: FleetSpec;
}

/** The fleet a synthetic source lists when given none: 3 regions × 100 hosts × 1 metric. */
export const DEFAULT_SYNTHETIC_FLEET: FleetSpec = {
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
  hostsPerRegion: 100,
  metrics: ['page_load_ms'],
};

/** A synthetic {@link DataSource} that can also list its ground-truth incidents. */
export interface SyntheticSource extends DataSource {
  readonly name: 'synthetic';
  /** The incidents of a series overlapping `[fromSeconds, toSeconds)`. */
  incidents(seriesId: string, fromSeconds: number, toSeconds: number): Incident[];
}

/**
 * A deterministic synthetic source: any series id is valid and always has the
 * same history; nothing is stored, so a million series cost nothing until read.
 */
export function createSyntheticSource(options: SyntheticSourceOptions = {}): SyntheticSource {
  const seed = options.seed ?? 0;
  const step = options.stepSeconds ?? 60;
  const withIncidents = options.incidents ?? true;
  const fleet = createFleetIndex(options.fleet ?? DEFAULT_SYNTHETIC_FLEET);
  return {
    name: 'synthetic',
    async *listSeries() {
      for (let i = 0; i < fleet.size; i++) yield fleet.seriesAt(i);
    },
    async fetchHistory(seriesIds, fromSeconds, toSeconds) {
      const out: Array<SeriesPoints | Error> = [];
      // One time axis for the whole batch (consumers never write to history).
      let timestamps: Float64Array | undefined;
      for (const id of seriesIds) {
        try {
          parseSeriesId(id);
          const series = syntheticSeries(id, fromSeconds, toSeconds, {
            seed,
            stepSeconds: step,
            incidents: withIncidents,
            ...(timestamps === undefined ? {} : { timestamps }),
          });
          timestamps = series.timestamps;
          out.push(series);
        } catch (err) {
          out.push(err instanceof Error ? err : new Error(String(err)));
        }
      }
      return out;
    },
    incidents(seriesId, fromSeconds, toSeconds) {
      if (!withIncidents) return [];
      return incidentsOf(seriesId, seriesProfile(seriesId, seed), fromSeconds, toSeconds);
    },
  };
}
