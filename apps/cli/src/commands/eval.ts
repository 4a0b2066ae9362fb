import { type NabScores, nabScores, PROFILE_NAMES, scoreResultsFolder } from '@myriad/bench';
import type { Command } from 'commander';
import { env } from '../env.js';
import { note, printJson, printTable } from '../output.js';

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

  return evalCmd;
}

/** Scores to 4 decimals, for summaries. */
function roundScores(scores: NabScores): NabScores {
  const out = { ...scores };
  for (const name of PROFILE_NAMES) out[name] = Math.round(scores[name] * 1e4) / 1e4;
  return out;
}
