import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { NabError } from './errors.js';
import { type CostProfile, PROFILE_NAMES, parseProfiles } from './scorer/profiles.js';
import { checkWindows, type RowWindow } from './scorer/weights.js';

/** One data file of the NAB corpus, with its windows mapped to rows. */
export interface NabCorpusFile {
  /** Corpus path, e.g. `realKnownCause/nyc_taxi.csv`. */
  readonly name: string;
  /** The category folder, e.g. `realKnownCause`. */
  readonly category: string;
  /** The file name, e.g. `nyc_taxi.csv`. */
  readonly fileName: string;
  /** Absolute path of the data CSV. */
  readonly dataPath: string;
  /** The timestamp text of each row, as written in the data file. */
  readonly timestamps: readonly string[];
  readonly rowCount: number;
  /** Anomaly windows as inclusive row indices. Only the scorer may read these. */
  readonly windows: readonly RowWindow[];
}

/** The NAB corpus: its files (sorted by name), the cost profiles and the published thresholds. */
export interface NabCorpus {
  readonly dir: string;
  readonly files: readonly NabCorpusFile[];
  readonly profiles: readonly CostProfile[];
  /** `config/thresholds.json`: detector → profile → threshold. */
  readonly publishedThresholds: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * Loads a NAB folder: `labels/combined_windows.json` lists the files; each
 * `data/<name>` is read for its timestamps; each window's ends are mapped to
 * the first row with that timestamp. Reads the labels: only the scorer may
 * use `windows`.
 * @throws NabError `INVALID_NAB_DATA` naming the missing file or unmatched window end.
 */
export async function loadNabCorpus(dir: string): Promise<NabCorpus> {
  const root = path.resolve(dir);
  const windowsJson = await readJson(path.join(root, 'labels', 'combined_windows.json'));
  if (typeof windowsJson !== 'object' || windowsJson === null || Array.isArray(windowsJson)) {
    throw new NabError('INVALID_NAB_DATA', 'combined_windows.json must map file names to windows');
  }
  const names = Object.keys(windowsJson).sort();
  const files = await Promise.all(
    names.map((name) =>
      loadFile(root, name, (windowsJson as Record<string, unknown>)[name] as unknown),
    ),
  );
  const profiles = parseProfiles(await readText(path.join(root, 'config', 'profiles.json')));
  const publishedThresholds = parseThresholds(
    await readJson(path.join(root, 'config', 'thresholds.json')),
  );
  return { dir: root, files, profiles, publishedThresholds };
}

async function loadFile(root: string, name: string, rawWindows: unknown): Promise<NabCorpusFile> {
  const parts = name.split('/');
  if (parts.length !== 2 || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new NabError(
      'INVALID_NAB_DATA',
      `combined_windows.json key ${JSON.stringify(name)} is not <category>/<file>.csv`,
    );
  }
  const dataPath = path.join(root, 'data', name);
  const text = await readText(dataPath);
  const timestamps = firstColumn(text, dataPath);
  const firstRow = new Map<string, number>();
  timestamps.forEach((t, i) => {
    if (!firstRow.has(t)) firstRow.set(t, i);
  });
  if (!Array.isArray(rawWindows)) {
    throw new NabError('INVALID_NAB_DATA', `combined_windows.json ${name}: windows must be a list`);
  }
  const windows = rawWindows.map((w: unknown): RowWindow => {
    if (
      !Array.isArray(w) ||
      w.length !== 2 ||
      typeof w[0] !== 'string' ||
      typeof w[1] !== 'string'
    ) {
      throw new NabError(
        'INVALID_NAB_DATA',
        `combined_windows.json ${name}: a window must be [start, end] timestamps`,
      );
    }
    const ends = [w[0], w[1]].map((t: string) => {
      const row = firstRow.get(t.replace(/\.0+$/, ''));
      if (row === undefined) {
        throw new NabError(
          'INVALID_NAB_DATA',
          `combined_windows.json ${name}: window end ${t} matches no row of the data file`,
        );
      }
      return row;
    });
    return [ends[0] as number, ends[1] as number];
  });
  checkWindows(timestamps.length, windows, name);
  return {
    name,
    category: parts[0] as string,
    fileName: parts[1] as string,
    dataPath,
    timestamps,
    rowCount: timestamps.length,
    windows,
  };
}

/**
 * The first column of a CSV's data rows (the header line is skipped; a
 * trailing empty line is ignored).
 * @throws NabError `INVALID_NAB_DATA` when there are no data rows.
 */
export function firstColumn(text: string, what: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '' || line === '\r') continue;
    const comma = line.indexOf(',');
    out.push(comma < 0 ? line.trim() : line.slice(0, comma));
  }
  if (out.length === 0) throw new NabError('INVALID_NAB_DATA', `${what} has no data rows`);
  return out;
}

function parseThresholds(json: unknown): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  if (typeof json !== 'object' || json === null) {
    throw new NabError('INVALID_NAB_DATA', 'thresholds.json must be an object of detectors');
  }
  for (const [detector, byProfile] of Object.entries(json)) {
    const entry: Record<string, number> = {};
    for (const profile of PROFILE_NAMES) {
      const t = (byProfile as Record<string, { threshold?: unknown }> | null)?.[profile]?.threshold;
      if (typeof t === 'number' && Number.isFinite(t)) entry[profile] = t;
    }
    out[detector] = entry;
  }
  return out;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new NabError('INVALID_NAB_DATA', `cannot read ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new NabError('INVALID_NAB_DATA', `${file} is not valid JSON`, { cause: err });
  }
}
