import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NabCorpus, NabCorpusFile } from './corpus.js';
import { NabError } from './errors.js';
import type { ScoredFile } from './scorer/types.js';

/** Where NAB keeps a detector's output for one data file: `<dir>/<category>/<detector>_<file>`. */
export function resultsPath(resultsDir: string, detector: string, file: NabCorpusFile): string {
  return path.join(resultsDir, file.category, `${detector}_${file.fileName}`);
}

/**
 * Reads a detector's results folder in NAB's layout: for each corpus file,
 * the `anomaly_score` column of `<dir>/<category>/<detector>_<file>.csv`,
 * row for row with the data file (timestamps must match).
 * @throws NabError `INVALID_RESULTS` naming the file and row that is missing or wrong.
 */
export async function readDetectorResults(
  corpus: NabCorpus,
  resultsDir: string,
  detector: string,
): Promise<ScoredFile[]> {
  return Promise.all(
    corpus.files.map(async (file) => {
      const where = resultsPath(resultsDir, detector, file);
      let text: string;
      try {
        text = await readFile(where, 'utf8');
      } catch (err) {
        throw new NabError('INVALID_RESULTS', `cannot read ${where}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      return {
        name: file.name,
        rowCount: file.rowCount,
        windows: file.windows,
        scores: parseScores(text, file, where),
      };
    }),
  );
}

function parseScores(text: string, file: NabCorpusFile, where: string): Float64Array {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').replace(/\r$/, '').split(',');
  const column = header.indexOf('anomaly_score');
  if (column < 0) {
    throw new NabError('INVALID_RESULTS', `${where}: the header has no anomaly_score column`);
  }
  const scores = new Float64Array(file.rowCount);
  let row = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '' || line === '\r') continue;
    if (row >= file.rowCount) {
      throw new NabError(
        'INVALID_RESULTS',
        `${where}: more rows than the ${file.rowCount} of ${file.name}`,
      );
    }
    const cells = line.split(',');
    if (cells[0] !== file.timestamps[row]) {
      throw new NabError(
        'INVALID_RESULTS',
        `${where}: row ${row} has timestamp ${JSON.stringify(cells[0])}, the data file has ${JSON.stringify(file.timestamps[row])}`,
      );
    }
    const cell = cells[column];
    const s = cell === undefined || cell.trim() === '' ? Number.NaN : Number(cell);
    if (!(s >= 0 && s <= 1)) {
      throw new NabError(
        'INVALID_RESULTS',
        `${where}: row ${row} anomaly_score ${JSON.stringify(cell)} is not a number in [0, 1]`,
      );
    }
    scores[row++] = s;
  }
  if (row !== file.rowCount) {
    throw new NabError(
      'INVALID_RESULTS',
      `${where}: ${row} rows, the data file ${file.name} has ${file.rowCount}`,
    );
  }
  return scores;
}

/**
 * Writes one detector's output in NAB's layout (`timestamp,value,anomaly_score`,
 * one row per data row), creating the category folder.
 */
export async function writeDetectorFile(
  resultsDir: string,
  detector: string,
  file: NabCorpusFile,
  values: readonly string[],
  scores: ArrayLike<number>,
): Promise<void> {
  const where = resultsPath(resultsDir, detector, file);
  await mkdir(path.dirname(where), { recursive: true });
  const parts: string[] = ['timestamp,value,anomaly_score'];
  for (let i = 0; i < file.rowCount; i++) {
    parts.push(`${file.timestamps[i]},${values[i]},${formatScore(scores[i] as number)}`);
  }
  await writeFile(where, `${parts.join('\n')}\n`);
}

/** A score as text with enough digits to keep distinct scores distinct. */
export function formatScore(s: number): string {
  return Number.isInteger(s) ? s.toString() : s.toPrecision(12).replace(/0+$/, '');
}
