import { readFile } from 'node:fs/promises';
import {
  createTrainerClient,
  parseRunSpecText,
  type RunStatus,
  readSpecDocument,
  TrainerError,
} from '@myriad/trainer';
import type { Command } from 'commander';
import { env } from '../env.js';
import { createProgress, note, printJson, printTable } from '../output.js';

interface TrainFlags {
  regions?: string;
  hostsPerRegion?: string;
  hosts?: string;
  metrics?: string;
  resolutions?: string;
  history?: string;
  to?: string;
  source?: string;
  store?: string;
  shardSize?: string;
  every?: string;
  scheduleId?: string;
  name?: string;
  redis?: string;
  prefix?: string;
  wait?: boolean;
  json?: boolean;
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Builds the spec object from a spec file (JSON or YAML) and flags; flags win. */
export async function specFromArgs(
  file: string | undefined,
  flags: TrainFlags,
): Promise<Record<string, unknown>> {
  let spec: Record<string, unknown> = {};
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      throw new TrainerError('INVALID_SPEC', `cannot read run spec ${file}: ${err.message}`);
    });
    parseRunSpecText(text); // validates early, with the file's own field paths
    spec = readSpecDocument(text) as Record<string, unknown>;
  }
  const fleet = { ...((spec.fleet as Record<string, unknown> | undefined) ?? {}) };
  if (flags.regions !== undefined) fleet.regions = list(flags.regions);
  if (flags.hostsPerRegion !== undefined) {
    fleet.hostsPerRegion = Number(flags.hostsPerRegion);
    delete fleet.hosts;
  }
  if (flags.hosts !== undefined) {
    fleet.hosts = list(flags.hosts);
    delete fleet.hostsPerRegion;
  }
  if (flags.metrics !== undefined) fleet.metrics = list(flags.metrics);
  if (Object.keys(fleet).length > 0) {
    fleet.regions ??= ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
    fleet.metrics ??= ['page_load_ms'];
    if (fleet.hosts === undefined) fleet.hostsPerRegion ??= 100;
    spec.fleet = fleet;
  }
  if (flags.resolutions !== undefined) {
    spec.resolutions = list(flags.resolutions).map((item) => {
      const [resolution, kind] = item.split('=');
      return kind === undefined ? { resolution } : { resolution, kind };
    });
  }
  if (flags.history !== undefined) spec.history = flags.history;
  if (flags.to !== undefined)
    spec.to = /^\d+(\.\d+)?$/.test(flags.to) ? Number(flags.to) : flags.to;
  if (flags.source !== undefined) spec.source = flags.source;
  spec.store = flags.store ?? spec.store ?? env.MYRIAD_STORE;
  if (flags.shardSize !== undefined) spec.shardSize = Number(flags.shardSize);
  if (flags.every !== undefined)
    spec.schedule = {
      every: flags.every,
      ...(flags.scheduleId === undefined ? {} : { id: flags.scheduleId }),
    };
  if (flags.name !== undefined) spec.name = flags.name;
  return spec;
}

/** The Redis URL from `--redis` or `MYRIAD_REDIS_URL`. @throws TrainerError `REDIS_UNAVAILABLE` when neither is set. */
export function redisUrl(flag: string | undefined): string {
  const url = flag ?? env.MYRIAD_REDIS_URL;
  if (url === undefined) {
    throw new TrainerError(
      'REDIS_UNAVAILABLE',
      'no Redis URL: pass --redis redis://host:6379/0 or set MYRIAD_REDIS_URL',
    );
  }
  return url;
}

/** A run's status as a table row / JSON summary. */
export function statusRow(s: RunStatus): Record<string, string | number> {
  return {
    run: s.runId,
    state: s.state,
    series: s.seriesTotal ?? '?',
    done: s.seriesDone,
    failed: s.seriesFailed,
    models: s.modelsWritten,
    'models/s': Math.round(s.modelsPerSecond),
    eta: s.etaSeconds === undefined ? '?' : `${Math.round(s.etaSeconds)}s`,
  };
}

/** `myriad train SPEC|flags [--wait] [--json]`: enqueue a training run (and its schedule). */
export function registerTrain(program: Command): Command {
  return program
    .command('train')
    .description(
      'enqueue a training run from a spec file (JSON/YAML) and/or flags; workers do the work',
    )
    .argument('[spec]', 'run spec file (JSON or YAML)')
    .option('--regions <list>', 'fleet regions, comma-separated')
    .option('--hosts-per-region <n>', 'generated hosts per region (host-00000 …)')
    .option('--hosts <list>', 'explicit host names for every region')
    .option('--metrics <list>', 'metrics per host, comma-separated')
    .option('--resolutions <list>', 'e.g. 1m,15m,1h or 1m=seasonal,1h=holt-winters')
    .option('--history <duration>', 'training window, e.g. 7d')
    .option('--to <time>', 'end of the window (Unix seconds or ISO-8601); default now')
    .option('--source <source>', 'synthetic or csv:DIR')
    .option('--store <location>', 'where models go', undefined)
    .option('--shard-size <n>', 'series per shard job')
    .option('--every <duration>', 'also schedule the run every DURATION (a BullMQ job scheduler)')
    .option('--schedule-id <id>', 'id of the schedule (default: the name)')
    .option('--name <name>', 'label of the run')
    .option('--redis <url>', 'Redis of the queue (default MYRIAD_REDIS_URL)')
    .option('--prefix <prefix>', 'queue key prefix', 'myriad')
    .option('--wait', 'wait until the run finishes, with progress')
    .option('--json', 'print a JSON summary as the last line')
    .action(async (file: string | undefined, flags: TrainFlags) => {
      const spec = await specFromArgs(file, flags);
      const client = createTrainerClient({
        connection: redisUrl(flags.redis),
        prefix: flags.prefix ?? 'myriad',
      });
      try {
        const { runId, scheduleId } = await client.enqueueRun(spec);
        note(`enqueued run ${runId}${scheduleId === undefined ? '' : ` (schedule ${scheduleId})`}`);
        if (flags.wait !== true) {
          if (flags.json === true) printJson({ runId, scheduleId });
          return;
        }
        const first = await client.getRun(runId);
        const progress = createProgress('train', first?.seriesTotal ?? 0);
        let noted = false;
        const final = await client.waitForRun(runId, {
          intervalMs: 500,
          onProgress: (s) => {
            if (s.seriesTotal !== undefined) progress.setTotal(s.seriesTotal);
            progress.update(s.seriesDone + s.seriesFailed, { rate: Math.round(s.seriesPerSecond) });
            if (!noted && s.state === 'queued' && Date.now() - Date.parse(s.createdAt) > 5000) {
              noted = true;
              note('still queued: is a worker running? (myriad worker --redis …)');
            }
          },
        });
        progress.stop();
        printTable([statusRow(final)]);
        if (flags.json === true) printJson(final);
        if (final.state !== 'completed') process.exitCode = 1;
      } finally {
        await client.close();
      }
    });
}
