import { readFileSync } from 'node:fs';
import type { KindRegistry } from '@myriad/core';
import { parseSeriesCsv } from './csv.js';
import { replaySeries } from './replay.js';
import { type ReplayConfig, resolveReplayConfig } from './replay-config.js';

/** One unit of work of the NAB evaluation: one data file through one configuration. */
export interface ReplayTask {
  /** Task id, echoed in the outcome. */
  readonly id: number;
  /** Path of a `timestamp,value` CSV. */
  readonly dataPath: string;
  /** Series id for the artifacts. */
  readonly seriesId: string;
  readonly config: ReplayConfig;
  /** Rows of the first fit (NAB's probationary period). */
  readonly trainRows: number;
  /** Whether the members' own scores are wanted. */
  readonly members: boolean;
}

/** What a task sends back. Score arrays are transferable. */
export interface ReplayTaskOutcome {
  readonly id: number;
  readonly scores: Float64Array;
  readonly memberScores: Float64Array[];
  readonly fits: number;
  readonly lateRows: number;
  readonly failedMemberFits: number;
  readonly millis: number;
}

/**
 * Runs one task in this thread: reads the CSV (data only, never labels) and replays it.
 * @throws NabError for a bad CSV or options.
 */
export function runReplayTask(task: ReplayTask, registry: KindRegistry): ReplayTaskOutcome {
  const started = performance.now();
  const csv = parseSeriesCsv(readFileSync(task.dataPath, 'utf8'), task.dataPath);
  const result = replaySeries(csv, {
    registry,
    config: resolveReplayConfig(task.config),
    trainRows: task.trainRows,
    seriesId: task.seriesId,
  });
  return {
    id: task.id,
    scores: result.scores,
    memberScores: task.members ? [...result.memberScores] : [],
    fits: result.fits,
    lateRows: result.lateRows,
    failedMemberFits: result.failedMemberFits,
    millis: performance.now() - started,
  };
}
