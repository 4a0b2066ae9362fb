import type { Points } from '@myriad/core';

/** The raw history of one series, at the source's own step. */
export interface SeriesPoints extends Points {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/**
 * Where training data comes from. Implementations live in `sources/<name>/`
 * and pass the shared contract suite in `sources/contract.ts`.
 */
export interface DataSource {
  /** The source's registered name, e.g. `synthetic`. */
  readonly name: string;
  /**
   * Every series the source has, lazily: a source of a million series never
   * holds them all in memory. Order is stable between calls.
   */
  listSeries(): AsyncIterable<string>;
  /**
   * The history of each series in `[fromSeconds, toSeconds)`, in input order.
   * A series that cannot be read yields an `Error` in its slot instead of
   * failing the batch; a failure of the whole source rejects.
   */
  fetchHistory(
    seriesIds: readonly string[],
    fromSeconds: number,
    toSeconds: number,
  ): Promise<Array<SeriesPoints | Error>>;
  /** Releases resources (files, connections). */
  close?(): Promise<void>;
}
