import { opendir, readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { TrainerError } from '../../errors.js';
import type { DataSource, SeriesPoints } from '../source.js';
import { parseCsvPoints } from './parse.js';

export { parseCsvPoints } from './parse.js';

/** Options for {@link createCsvSource}. */
export interface CsvSourceOptions {
  /** The folder of `*.csv` files (searched recursively). */
  dir: string;
  /**
   * Move each requested window to end at the file's last point (files hold
   * past data, e.g. NAB's 2013–2015). Default: false.
   */
  alignToLatest?: boolean;
}

const INVALID_CHARS = /[^A-Za-z0-9._:-]/g;

/**
 * The series id of a file from its path relative to the source folder: `.csv`
 * dropped, each folder a segment, characters outside `[A-Za-z0-9._:-]` turned
 * into `_`, segments cut to 128 characters, and beyond 8 segments the leading
 * ones joined with `_`. E.g. `realKnownCause/nyc_taxi.csv` → `realKnownCause/nyc_taxi`.
 */
export function seriesIdFromPath(relativePath: string): string {
  const parts = relativePath
    .replace(/\.csv$/i, '')
    .split(/[\\/]+/)
    .filter((p) => p !== '')
    .map((p) => {
      const clean = p.replace(INVALID_CHARS, '_').slice(0, 128);
      return clean === '.' || clean === '..' ? clean.replace(/\./g, '_') : clean;
    });
  while (parts.length > 8) {
    const [a, b, ...rest] = parts;
    parts.splice(0, parts.length, `${a}_${b}`.slice(0, 128), ...rest);
  }
  return parts.join('/');
}

/**
 * A {@link DataSource} over a folder of `timestamp,value` CSV files (NAB's
 * format). Series ids come from the relative paths ({@link seriesIdFromPath}).
 * @throws TrainerError `SOURCE_NOT_FOUND` from `listSeries` when the folder does not exist.
 */
export function createCsvSource(options: CsvSourceOptions): DataSource {
  const root = resolve(options.dir);
  // Sanitised ids are lossy, so fetches look files up through the listing (built once, lazily).
  let byId: Promise<Map<string, string>> | undefined;

  async function* walk(dir: string, rel: string): AsyncGenerator<[string, string]> {
    let handle: Awaited<ReturnType<typeof opendir>>;
    try {
      handle = await opendir(dir);
    } catch (err) {
      throw new TrainerError(
        'SOURCE_NOT_FOUND',
        `csv source folder ${dir} cannot be read: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const entries: { name: string; isDir: boolean }[] = [];
    for await (const entry of handle) {
      if (entry.isDirectory()) entries.push({ name: entry.name, isDir: true });
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv'))
        entries.push({ name: entry.name, isDir: false });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const relative = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDir) yield* walk(path, relative);
      else yield [seriesIdFromPath(relative), path];
    }
  }

  function index(): Promise<Map<string, string>> {
    byId ??= (async () => {
      const map = new Map<string, string>();
      for await (const [id, path] of walk(root, '')) if (!map.has(id)) map.set(id, path);
      return map;
    })();
    return byId;
  }

  async function fileOf(seriesId: string): Promise<string | undefined> {
    const direct = join(root, ...seriesId.split('/')) + '.csv';
    if (direct.startsWith(root + sep)) {
      const info = await stat(direct).catch(() => undefined);
      if (info?.isFile() === true && seriesIdFromPath(direct.slice(root.length + 1)) === seriesId)
        return direct;
    }
    return (await index()).get(seriesId);
  }

  return {
    name: 'csv',
    async *listSeries() {
      const seen = new Set<string>();
      for await (const [id] of walk(root, '')) {
        if (seen.has(id)) continue;
        seen.add(id);
        yield id;
      }
    },
    async fetchHistory(seriesIds, fromSeconds, toSeconds) {
      return Promise.all(
        seriesIds.map(async (id): Promise<SeriesPoints | Error> => {
          try {
            const file = await fileOf(id);
            if (file === undefined) return new Error(`no csv file for series ${id} under ${root}`);
            const all = parseCsvPoints(await readFile(file, 'utf8'));
            let shift = 0;
            if (options.alignToLatest === true && all.timestamps.length > 0) {
              shift = (all.timestamps[all.timestamps.length - 1] as number) + 1 - toSeconds;
            }
            return window(all, fromSeconds + shift, toSeconds + shift);
          } catch (err) {
            return err instanceof Error ? err : new Error(String(err));
          }
        }),
      );
    },
  };
}

function window(points: SeriesPoints, from: number, to: number): SeriesPoints {
  const t = points.timestamps;
  let lo = 0;
  while (lo < t.length && (t[lo] as number) < from) lo++;
  let hi = lo;
  while (hi < t.length && (t[hi] as number) < to) hi++;
  return { timestamps: t.subarray(lo, hi), values: points.values.subarray(lo, hi) };
}
