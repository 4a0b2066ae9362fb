import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { KindRegistry } from '@myriad/core';
import { loadNabCorpus, type NabCorpusFile } from './corpus.js';
import { parseSeriesCsv } from './csv.js';
import { NabError } from './errors.js';
import { type NabScores, nabScores, scoreCorpus } from './evaluate.js';
import { DEFAULT_REPLAY_CONFIG, memberKey, type ReplayConfig } from './replay-config.js';
import type { ReplayTask, ReplayTaskOutcome } from './replay-task.js';
import { formatScore, writeDetectorFile } from './results-io.js';
import type { DetectorScore } from './scorer/score.js';
import type { ScoredFile } from './scorer/types.js';
import { probationaryRows } from './scorer/weights.js';
import { runReplayTasks } from './task-pool.js';

/** The ensemble's detector name; members are `myriad-x<k>`, kinds alone `myriad-<kind>`. */
export const ENSEMBLE_DETECTOR = 'myriad';

/** Options of {@link evaluateNab}. */
export interface EvaluateNabOptions {
  /** The NAB folder (data, labels, config). */
  readonly nabDir: string;
  /** Where results go: `<outDir>/<detector>/<category>/<detector>_<file>.csv`. */
  readonly outDir: string;
  /** Kinds to fit (the replay config names them). */
  readonly registry: KindRegistry;
  /** Default {@link DEFAULT_REPLAY_CONFIG}. */
  readonly config?: ReplayConfig;
  /** Kinds replayed alone as `myriad-<kind>`. Default every kind in the registry. */
  readonly kinds?: readonly string[];
  /** Worker threads. Default: the machine's available parallelism. */
  readonly threads?: number;
  /** Only these corpus files (e.g. `realKnownCause/nyc_taxi.csv`); scores then cover them alone. Default all. */
  readonly files?: readonly string[];
  /** Called after each finished task. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link evaluateNab} measured. */
export interface NabEvaluation {
  /** Detector → its three normalised NAB scores (thresholds swept). */
  readonly summary: Readonly<Record<string, NabScores>>;
  /** Detector → full scoring detail (thresholds, raw scores, per-file outcomes). */
  readonly detectors: Readonly<Record<string, DetectorScore>>;
  readonly files: number;
  readonly tasks: number;
  /** Model fits over all tasks (first fits and refits). */
  readonly fits: number;
  readonly failedMemberFits: number;
  readonly lateRows: number;
  readonly wallMs: number;
}

interface Pass {
  readonly config: ReplayConfig;
  /** Detector names of the pass's outputs: combined first, then members if wanted. */
  readonly detectors: readonly string[];
  readonly members: boolean;
}

/**
 * The whole NAB evaluation: replays every corpus file (data only) through the
 * ensemble and through each kind alone, on worker threads; writes NAB-layout
 * results for every detector; scores them all with NAB's threshold sweep.
 * @throws NabError for a bad NAB folder, an unknown file filter, or a failed replay.
 */
export async function evaluateNab(options: EvaluateNabOptions): Promise<NabEvaluation> {
  const started = performance.now();
  const config = options.config ?? DEFAULT_REPLAY_CONFIG;
  const corpus = await loadNabCorpus(options.nabDir);
  let files = corpus.files;
  if (options.files !== undefined) {
    const wanted = new Set(options.files);
    files = corpus.files.filter((f) => wanted.delete(f.name));
    if (wanted.size > 0) {
      throw new NabError('INVALID_OPTIONS', `not in the NAB corpus: ${[...wanted].join(', ')}`);
    }
  }
  const multipliers = [...config.multipliers].sort((a, b) => a - b);
  const passes: Pass[] = [
    {
      config,
      members: true,
      detectors: [
        ENSEMBLE_DETECTOR,
        ...multipliers.map((m) => `${ENSEMBLE_DETECTOR}-${memberKey(m)}`),
      ],
    },
  ];
  for (const kind of options.kinds ?? options.registry.names()) {
    options.registry.get(kind);
    passes.push({
      config: { ...config, kinds: kind },
      members: false,
      detectors: [`${ENSEMBLE_DETECTOR}-${kind}`],
    });
  }
  const detectorNames = passes.flatMap((p) => p.detectors);
  const scores = new Map<string, Float64Array[]>(
    detectorNames.map((d) => [d, new Array<Float64Array>(files.length)]),
  );

  const tasks: ReplayTask[] = [];
  const taskInfo: Array<{ file: number; pass: Pass }> = [];
  files.forEach((file, f) => {
    passes.forEach((pass) => {
      taskInfo.push({ file: f, pass });
      tasks.push({
        id: tasks.length,
        dataPath: file.dataPath,
        seriesId: seriesIdOf(file),
        config: pass.config,
        trainRows: probationaryRows(file.rowCount),
        members: pass.members,
      });
    });
  });
  // Largest files first, so the last task to finish is a small one.
  const ordered = [...tasks].sort(
    (a, b) => rowsOf(files, taskInfo, b) - rowsOf(files, taskInfo, a),
  );

  const valueText = new Map<number, readonly string[]>();
  const valuesOf = async (f: number): Promise<readonly string[]> => {
    let v = valueText.get(f);
    if (v === undefined) {
      const file = files[f] as NabCorpusFile;
      v = parseSeriesCsv(await readFile(file.dataPath, 'utf8'), file.dataPath).valueText;
      valueText.set(f, v);
    }
    return v;
  };

  let done = 0;
  let fits = 0;
  let failedMemberFits = 0;
  let lateRows = 0;
  await runReplayTasks(ordered, {
    threads: options.threads ?? availableParallelism(),
    registry: options.registry,
    onDone: async (outcome: ReplayTaskOutcome) => {
      const info = taskInfo[outcome.id] as { file: number; pass: Pass };
      const file = files[info.file] as NabCorpusFile;
      const outputs = [outcome.scores, ...outcome.memberScores];
      const values = await valuesOf(info.file);
      for (let d = 0; d < info.pass.detectors.length; d++) {
        const detector = info.pass.detectors[d] as string;
        const s = outputs[d] as Float64Array;
        // Score exactly what is written.
        for (let i = 0; i < s.length; i++) s[i] = Number(formatScore(s[i] as number));
        (scores.get(detector) as Float64Array[])[info.file] = s;
        await writeDetectorFile(path.join(options.outDir, detector), detector, file, values, s);
      }
      fits += outcome.fits;
      failedMemberFits += outcome.failedMemberFits;
      lateRows += outcome.lateRows;
      done++;
      options.onProgress?.(done, tasks.length);
    },
  });

  const detectors: Record<string, DetectorScore> = {};
  const summary: Record<string, NabScores> = {};
  for (const detector of detectorNames) {
    const perFile = scores.get(detector) as Float64Array[];
    const scored: ScoredFile[] = files.map((file, f) => ({
      name: file.name,
      rowCount: file.rowCount,
      windows: file.windows,
      scores: perFile[f] as Float64Array,
    }));
    detectors[detector] = scoreCorpus(corpus, scored);
    summary[detector] = nabScores(detectors[detector]);
  }
  return {
    summary,
    detectors,
    files: files.length,
    tasks: tasks.length,
    fits,
    failedMemberFits,
    lateRows,
    wallMs: performance.now() - started,
  };
}

function rowsOf(
  files: readonly NabCorpusFile[],
  info: ReadonlyArray<{ file: number }>,
  task: ReplayTask,
): number {
  return (files[(info[task.id] as { file: number }).file] as NabCorpusFile).rowCount;
}

/** A valid series id for a corpus file: `nab/<category>/<name without .csv>`. */
function seriesIdOf(file: NabCorpusFile): string {
  return `nab/${file.category}/${file.fileName.replace(/\.csv$/, '').replace(/[^A-Za-z0-9._:-]/g, '_')}`;
}
