import { readFile, writeFile } from 'node:fs/promises';
import type { KindRegistry } from '@myriad/core';
import { parseSeriesCsv } from './csv.js';
import { NabError } from './errors.js';
import { type ReplayResult, replaySeries } from './replay.js';
import { type ReplayConfig, resolveReplayConfig } from './replay-config.js';
import { formatScore } from './results-io.js';

/**
 * Reads a replay configuration from a JSON file (fields over the defaults).
 * @throws NabError `INVALID_OPTIONS` when it cannot be read, is not JSON, or has a bad field.
 */
export async function readReplayConfig(file: string): Promise<ReplayConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new NabError('INVALID_OPTIONS', `cannot read config ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new NabError('INVALID_OPTIONS', `config ${file} is not valid JSON`, { cause: err });
  }
  return resolveReplayConfig(json);
}

/** Options of {@link replayFile}. */
export interface ReplayFileOptions {
  readonly input: string;
  readonly out: string;
  readonly registry: KindRegistry;
  readonly config?: ReplayConfig;
  readonly trainRows?: number;
}

/**
 * Replays any `timestamp,value` CSV (see `replaySeries`) and writes
 * `timestamp,value,anomaly_score`, one row per input row, timestamps and
 * values as given.
 * @throws NabError `INVALID_CSV` for a bad input, `INVALID_OPTIONS` for bad options.
 */
export async function replayFile(
  options: ReplayFileOptions,
): Promise<ReplayResult & { rows: number }> {
  let text: string;
  try {
    text = await readFile(options.input, 'utf8');
  } catch (err) {
    throw new NabError('INVALID_CSV', `cannot read ${options.input}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const csv = parseSeriesCsv(text, options.input);
  const result = replaySeries(csv, {
    registry: options.registry,
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.trainRows === undefined ? {} : { trainRows: options.trainRows }),
  });
  const lines = ['timestamp,value,anomaly_score'];
  for (let i = 0; i < result.scores.length; i++) {
    lines.push(
      `${csv.timestampText[i]},${csv.valueText[i]},${formatScore(result.scores[i] as number)}`,
    );
  }
  await writeFile(options.out, `${lines.join('\n')}\n`);
  return { ...result, rows: result.scores.length };
}
