import { describe, expect, it } from 'vitest';
import { describeSourceContract } from '../testing-internal/contract.js';
import { createSyntheticSource, syntheticIncidents, syntheticSeries } from './index.js';

const DAY = 86_400;
const T0 = Date.UTC(2026, 0, 5) / 1000; // a Monday, 00:00 UTC

describeSourceContract('synthetic', async () => ({
  source: createSyntheticSource({
    fleet: { regions: ['us-east-1', 'eu-west-1'], hostsPerRegion: 3, metrics: ['cpu_pct'] },
  }),
  fromSeconds: T0,
  toSeconds: T0 + DAY,
}));

describe('syntheticSeries', () => {
  it('is deterministic per series and agrees point for point across windows', () => {
    const a = syntheticSeries('us-east-1/host-00001/page_load_ms', T0, T0 + 7 * DAY);
    const b = syntheticSeries(
      'us-east-1/host-00001/page_load_ms',
      T0 + 2 * DAY + 600,
      T0 + 3 * DAY,
    );
    expect(a.timestamps.length).toBe(10_080);
    const offset = (2 * DAY + 600) / 60;
    expect(Array.from(b.values)).toEqual(
      Array.from(a.values.subarray(offset, offset + b.values.length)),
    );
    const other = syntheticSeries('us-east-1/host-00002/page_load_ms', T0, T0 + DAY);
    expect(Array.from(other.values.subarray(0, 10))).not.toEqual(
      Array.from(a.values.subarray(0, 10)),
    );
    expect(syntheticSeries('x/y/z', T0, T0 + DAY, { seed: 1 }).values[0]).not.toBe(
      syntheticSeries('x/y/z', T0, T0 + DAY, { seed: 2 }).values[0],
    );
  });

  it('peaks in the daytime of the region, not of UTC', () => {
    const peakHourUtc = (region: string) => {
      const hourly = new Float64Array(24);
      for (let host = 0; host < 20; host++) {
        const s = syntheticSeries(`${region}/h${host}/cpu_pct`, T0, T0 + 3 * DAY, {
          incidents: false,
        });
        for (let i = 0; i < s.values.length; i++) {
          const hour = Math.floor(((s.timestamps[i] as number) % DAY) / 3600);
          hourly[hour] = (hourly[hour] as number) + (s.values[i] as number);
        }
      }
      return hourly.indexOf(Math.max(...hourly));
    };
    const east = peakHourUtc('us-east-1');
    const asia = peakHourUtc('ap-northeast-1');
    // Local peak is late morning: UTC-5 peaks around 15-17 UTC, UTC+9 around 01-03 UTC.
    expect((((east - asia) % 24) + 24) % 24).toBe(14);
  });

  it('dips on weekends and has host-specific levels', () => {
    const s = syntheticSeries('eu-west-1/host-00009/requests_per_s', T0, T0 + 7 * DAY, {
      incidents: false,
    });
    const mean = (from: number, to: number) => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += s.values[i] as number;
      return sum / (to - from);
    };
    expect(mean(5 * 1440, 7 * 1440)).toBeLessThanOrEqual(mean(0, 5 * 1440));
    const levels = new Set(
      [1, 2, 3].map((h) =>
        Math.round(
          syntheticSeries(`eu-west-1/host-${h}/cpu_pct`, T0, T0 + DAY).values.reduce(
            (a, v) => a + v,
            0,
          ),
        ),
      ),
    );
    expect(levels.size).toBe(3);
  });

  it('lists the incidents it injects, and they move the values', () => {
    let found = 0;
    for (let host = 0; host < 400 && found < 5; host++) {
      const id = `us-west-2/host-${host}/latency_ms`;
      const incidents = syntheticIncidents(id, T0, T0 + 7 * DAY);
      if (incidents.length === 0) continue;
      const withIt = syntheticSeries(id, T0, T0 + 7 * DAY);
      const without = syntheticSeries(id, T0, T0 + 7 * DAY, { incidents: false });
      expect(withIt.incidents).toEqual(incidents);
      for (const incident of incidents) {
        const i = Math.max(0, Math.ceil((incident.startSeconds - T0) / 60));
        if (i >= withIt.values.length) continue;
        expect(withIt.values[i]).not.toBe(without.values[i]);
        found++;
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('injects a requested incident', () => {
    const id = 'eu-west-1/host-00001/page_load_ms';
    const start = T0 + DAY;
    const s = syntheticSeries(id, T0, T0 + 2 * DAY, {
      incidents: false,
      incident: { kind: 'spike', startSeconds: start, durationSeconds: 600, magnitude: 12 },
    });
    const clean = syntheticSeries(id, T0, T0 + 2 * DAY, { incidents: false });
    const i = (start - T0) / 60;
    expect((s.values[i] as number) - (clean.values[i] as number)).toBeGreaterThan(0);
    expect(s.values[i + 10]).toBe(clean.values[i + 10]);
    expect(s.incidents).toHaveLength(1);
  });
});
