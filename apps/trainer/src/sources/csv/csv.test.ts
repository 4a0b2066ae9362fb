import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTrainerError } from '../../errors.js';
import { describeSourceContract } from '../testing-internal/contract.js';
import { createCsvSource, parseCsvPoints, seriesIdFromPath } from './index.js';

let dir: string;
const T0 = Date.UTC(2014, 3, 1) / 1000;

function nabCsv(points: number, startSeconds = T0): string {
  const lines = ['timestamp,value'];
  for (let i = 0; i < points; i++) {
    const iso = new Date((startSeconds + i * 300) * 1000)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19);
    lines.push(`${iso},${(100 + Math.sin(i / 10) * 10).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'myriad-csv-'));
  await mkdir(join(dir, 'realKnownCause'), { recursive: true });
  await mkdir(join(dir, 'weird dir'), { recursive: true });
  await writeFile(join(dir, 'realKnownCause', 'nyc_taxi.csv'), nabCsv(500));
  await writeFile(join(dir, 'realKnownCause', 'cpu.csv'), nabCsv(300));
  await writeFile(join(dir, 'weird dir', 'a+b (1).csv'), nabCsv(50));
  await writeFile(join(dir, 'notes.txt'), 'not data');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeSourceContract('csv', async () => ({
  source: createCsvSource({ dir }),
  fromSeconds: T0,
  toSeconds: T0 + 86_400,
}));

describe('csv source', () => {
  it('derives sanitised series ids from paths', () => {
    expect(seriesIdFromPath('realKnownCause/nyc_taxi.csv')).toBe('realKnownCause/nyc_taxi');
    expect(seriesIdFromPath('weird dir/a+b (1).csv')).toBe('weird_dir/a_b__1_');
    expect(seriesIdFromPath('a/../b.csv')).toBe('a/__/b');
    expect(seriesIdFromPath('1/2/3/4/5/6/7/8/9/10.csv').split('/')).toHaveLength(8);
  });

  it('lists csv files only, sorted, and reads them back by id', async () => {
    const source = createCsvSource({ dir });
    const ids: string[] = [];
    for await (const id of source.listSeries()) ids.push(id);
    expect(ids).toEqual(['realKnownCause/cpu', 'realKnownCause/nyc_taxi', 'weird_dir/a_b__1_']);
    const [weird] = await source.fetchHistory(['weird_dir/a_b__1_'], 0, 2e9);
    expect(weird).not.toBeInstanceOf(Error);
    expect((weird as { values: Float64Array }).values).toHaveLength(50);
  });

  it('moves the window to the end of the file with alignToLatest', async () => {
    const source = createCsvSource({ dir, alignToLatest: true });
    const [points] = await source.fetchHistory(['realKnownCause/nyc_taxi'], 1e9 - 3600, 1e9);
    if (points === undefined || points instanceof Error) throw new Error('no points');
    expect(points.timestamps).toHaveLength(12);
    expect(points.timestamps[11]).toBe(T0 + 499 * 300);
  });

  it('rejects a missing folder with SOURCE_NOT_FOUND', async () => {
    const source = createCsvSource({ dir: join(dir, 'nope') });
    const iterate = async () => {
      for await (const _ of source.listSeries()) void _;
    };
    await expect(iterate()).rejects.toSatisfy((err) => isTrainerError(err, 'SOURCE_NOT_FOUND'));
  });

  it('parses numeric and ISO timestamps, sorts, and turns bad values into NaN', () => {
    const p = parseCsvPoints('timestamp,value\n200,1\n100,x\n2014-04-01T00:00:00Z,3\n');
    expect(Array.from(p.timestamps)).toEqual([100, 200, T0]);
    expect(Number.isNaN(p.values[0])).toBe(true);
    expect(() => parseCsvPoints('timestamp,value\n1,2\nbad,3\n')).toThrow(/line 3/);
  });
});
