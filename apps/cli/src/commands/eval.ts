import {
  evaluateNab,
  type NabScores,
  nabScores,
  PROFILE_NAMES,
  readReplayConfig,
  replayFile,
  scoreResultsFolder,
} from '@myriad/bench';
import { createDefaultRegistry } from '@myriad/core';
import type { Command } from 'commander';
import { env } from '../env.js';
import { integerFlag } from '../flags.js';
import { createProgress, note, printJson, printTable } from '../output.js';

/**
 * `myriad eval …`: detection quality on the NAB benchmark — score a results
 * folder (`nab-score`), replay one CSV through the production path (`replay`),
 * and the whole evaluation (`nab`).
 */
export function registerEval(program: Command): Command {
  const evalCmd = program
    .command('eval')
    .description('detection quality on the Numenta Anomaly Benchmark (NAB)');

  evalCmd
    .command('nab-score')
    .description('score a results folder in NAB layout (<dir>/<category>/<detector>_<file>.csv)')
    .requiredOption('--results <dir>', 'results folder of one detector')
    .requiredOption('--detector <name>', 'detector name (the file-name prefix)')
    .option('--data <dir>', 'NAB folder (data, labels, config)', env.MYRIAD_NAB_DIR)
    .option('--published-thresholds', "score at NAB's config/thresholds.json instead of sweeping")
    .option('--json', 'print a JSON summary as the last line')
    .action(
      async (opts: {
        results: string;
        detector: string;
        data: string;
        publishedThresholds?: boolean;
        json?: boolean;
      }) => {
        const scored = await scoreResultsFolder({
          nabDir: opts.data,
          resultsDir: opts.results,
          detector: opts.detector,
          publishedThresholds: opts.publishedThresholds === true,
        });
        printTable(
          PROFILE_NAMES.map((name) => {
            const p = scored.profiles[name];
            return {
              detector: opts.detector,
              profile: name,
              threshold: p?.threshold ?? Number.NaN,
              raw: p?.raw ?? Number.NaN,
              score: p?.normalised ?? Number.NaN,
            };
          }),
        );
        if (opts.json === true) printJson({ [opts.detector]: roundScores(nabScores(scored)) });
        else note(`scored ${opts.detector} from ${opts.results}`);
      },
    );

  evalCmd
    .command('replay')
    .description(
      'replay a timestamp,value CSV through fit → encode → decode → predict, no look-ahead',
    )
    .requiredOption('--input <file>', 'a CSV with timestamp and value columns')
    .requiredOption('--out <file>', 'where to write timestamp,value,anomaly_score')
    .option('--config <file>', 'replay configuration JSON (fields over the defaults)')
    .option(
      '--train-rows <n>',
      'rows of the first fit (default: NAB probationary, 15% up to 750)',
      integerFlag('--train-rows'),
    )
    .option('--json', 'print a JSON summary as the last line')
    .action(
      async (opts: {
        input: string;
        out: string;
        config?: string;
        trainRows?: number;
        json?: boolean;
      }) => {
        const started = performance.now();
        const result = await replayFile({
          input: opts.input,
          out: opts.out,
          registry: createDefaultRegistry(),
          ...(opts.config === undefined ? {} : { config: await readReplayConfig(opts.config) }),
          ...(opts.trainRows === undefined ? {} : { trainRows: opts.trainRows }),
        });
        const summary = {
          rows: result.rows,
          trainRows: result.trainRows,
          baseStepSeconds: result.baseStepSeconds,
          resolutions: result.resolutions.join(','),
          fits: result.fits,
          failedMemberFits: result.failedMemberFits,
          lateRows: result.lateRows,
          lastArtifactBytes: result.lastArtifactBytes,
          millis: Math.round(performance.now() - started),
        };
        printTable([summary]);
        if (opts.json === true) printJson(summary);
        else note(`wrote ${opts.out}`);
      },
    );

  evalCmd
    .command('nab')
    .description(
      'replay all NAB files, write NAB-layout results per detector, score them (threshold sweep)',
    )
    .option('--data <dir>', 'NAB folder (data, labels, config)', env.MYRIAD_NAB_DIR)
    .requiredOption(
      '--out <dir>',
      'results folder: <out>/<detector>/<category>/<detector>_<file>.csv',
    )
    .option('--config <file>', 'replay configuration JSON (fields over the defaults)')
    .option('--threads <n>', 'worker threads (default: available cores)', integerFlag('--threads'))
    .option(
      '--files <list>',
      'only these corpus files, comma-separated (e.g. realKnownCause/nyc_taxi.csv)',
    )
    .option(
      '--json',
      'print {detector: {standard, reward_low_FP_rate, reward_low_FN_rate}} as the last line',
    )
    .action(
      async (opts: {
        data: string;
        out: string;
        config?: string;
        threads?: number;
        files?: string;
        json?: boolean;
      }) => {
        const progress = createProgress('nab', 1);
        const evaluation = await evaluateNab({
          nabDir: opts.data,
          outDir: opts.out,
          registry: createDefaultRegistry(),
          ...(opts.config === undefined ? {} : { config: await readReplayConfig(opts.config) }),
          ...(opts.threads === undefined ? {} : { threads: opts.threads }),
          ...(opts.files === undefined
            ? {}
            : { files: opts.files.split(',').map((f) => f.trim()) }),
          onProgress: (done, total) => {
            progress.setTotal(total);
            progress.update(done);
          },
        });
        progress.stop();
        printTable(
          Object.entries(evaluation.summary).map(([detector, s]) => ({
            detector,
            ...Object.fromEntries(PROFILE_NAMES.map((p) => [p, Math.round(s[p] * 100) / 100])),
          })),
        );
        note(
          `${evaluation.files} files, ${evaluation.tasks} replays, ${evaluation.fits} fits ` +
            `(${evaluation.failedMemberFits} member fits failed), ${evaluation.lateRows} late rows, ` +
            `${(evaluation.wallMs / 1000).toFixed(1)} s`,
        );
        if (opts.json === true) {
          printJson(
            Object.fromEntries(
              Object.entries(evaluation.summary).map(([d, s]) => [d, roundScores(s)]),
            ),
          );
        }
      },
    );

  return evalCmd;
}

/** Scores to 4 decimals, for summaries. */
function roundScores(scores: NabScores): NabScores {
  const out = { ...scores };
  for (const name of PROFILE_NAMES) out[name] = Math.round(scores[name] * 1e4) / 1e4;
  return out;
}
