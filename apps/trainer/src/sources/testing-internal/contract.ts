import { isSeriesId } from '@myriad/core';
import { describe, expect, it } from 'vitest';
import type { DataSource } from '../source.js';

/** A source under test and a window where its series have data. */
export interface SourceFixture {
  source: DataSource;
  fromSeconds: number;
  toSeconds: number;
}

/** The contract every data source passes: listing, batched fetch, per-series errors. */
export function describeSourceContract(name: string, open: () => Promise<SourceFixture>): void {
  describe(`data source contract: ${name}`, () => {
    it('lists valid, distinct series ids in a stable order', async () => {
      const { source } = await open();
      const first: string[] = [];
      for await (const id of source.listSeries()) first.push(id);
      const second: string[] = [];
      for await (const id of source.listSeries()) second.push(id);
      expect(first.length).toBeGreaterThan(0);
      expect(second).toEqual(first);
      expect(new Set(first).size).toBe(first.length);
      for (const id of first) expect(isSeriesId(id), id).toBe(true);
    });

    it('fetches a batch in input order, ascending, inside the window', async () => {
      const { source, fromSeconds, toSeconds } = await open();
      const ids: string[] = [];
      for await (const id of source.listSeries()) if (ids.length < 3) ids.push(id);
      const batch = await source.fetchHistory([...ids].reverse(), fromSeconds, toSeconds);
      expect(batch).toHaveLength(ids.length);
      for (const points of batch) {
        if (points instanceof Error) throw points;
        expect(points.timestamps.length).toBe(points.values.length);
        expect(points.timestamps.length).toBeGreaterThan(0);
        for (let i = 0; i < points.timestamps.length; i++) {
          const t = points.timestamps[i] as number;
          expect(t).toBeGreaterThanOrEqual(fromSeconds);
          expect(t).toBeLessThan(toSeconds);
          if (i > 0) expect(t).toBeGreaterThan(points.timestamps[i - 1] as number);
        }
      }
      const again = await source.fetchHistory([ids[0] as string], fromSeconds, toSeconds);
      expect(again[0]).toEqual(batch[batch.length - 1]);
    });

    it('gives an Error in the slot of a series it does not have, not a failed batch', async () => {
      const { source, fromSeconds, toSeconds } = await open();
      const ids: string[] = [];
      for await (const id of source.listSeries()) if (ids.length < 1) ids.push(id);
      const batch = await source.fetchHistory(
        [ids[0] as string, '../etc/passwd'],
        fromSeconds,
        toSeconds,
      );
      expect(batch[0]).not.toBeInstanceOf(Error);
      expect(batch[1]).toBeInstanceOf(Error);
    });
  });
}
