import { createTrainerClient, type TrainerClient } from '@myriad/trainer';
import type { Command } from 'commander';
import { note, printJson, printTable } from '../output.js';
import { redisUrl, statusRow } from './train.js';

interface RunsFlags {
  redis?: string;
  prefix: string;
  json?: boolean;
  limit?: string;
}

async function withClient(
  flags: RunsFlags,
  fn: (client: TrainerClient) => Promise<void>,
): Promise<void> {
  const client = createTrainerClient({ connection: redisUrl(flags.redis), prefix: flags.prefix });
  try {
    await fn(client);
  } finally {
    await client.close();
  }
}

/** `myriad runs [list | status ID | cancel ID | failures ID | schedules | unschedule ID]`. */
export function registerRuns(program: Command): Command {
  const runs = program
    .command('runs')
    .description('training runs: list, status, cancel, failures; schedules');
  const flagsOf = (cmd: Command) => cmd.opts() as RunsFlags;
  const sub = (name: string, options?: { isDefault?: boolean }) =>
    runs
      .command(name, options)
      .option('--redis <url>', 'Redis of the queue (default MYRIAD_REDIS_URL)')
      .option('--prefix <prefix>', 'queue key prefix', 'myriad')
      .option('--json', 'print JSON as the last line');

  sub('list', { isDefault: true })
    .description('recent runs, newest first')
    .option('--limit <n>', 'runs to show', '20')
    .action(async (_opts, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withClient(flags, async (client) => {
        const list = await client.listRuns({ limit: Number(flags.limit ?? 20) });
        if (list.length === 0) note('no runs');
        printTable(list.map(statusRow));
        if (flags.json === true) printJson(list);
      });
    });

  sub('status')
    .argument('<id>', 'run id')
    .description("a run's progress, rate and ETA")
    .action(async (id: string, _opts, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withClient(flags, async (client) => {
        const status = await client.getRun(id);
        if (status === undefined) throw new Error(`no run ${id} (unknown, or expired)`);
        printTable([statusRow(status)]);
        if (flags.json === true) printJson(status);
      });
    });

  sub('cancel')
    .argument('<id>', 'run id')
    .description('stop a run: no new shard starts')
    .action(async (id: string, _opts, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withClient(flags, async (client) => {
        const status = await client.cancelRun(id);
        printTable([statusRow(status)]);
        if (flags.json === true) printJson(status);
      });
    });

  sub('failures')
    .argument('<id>', 'run id')
    .option('--limit <n>', 'failures to show', '100')
    .description('series that failed in a run, with their errors')
    .action(async (id: string, _opts, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withClient(flags, async (client) => {
        const failures = await client.listFailures(id, { limit: Number(flags.limit ?? 100) });
        if (failures.length === 0) note('no failures');
        printTable(failures.map((f) => ({ series: f.seriesId, shard: f.shard, error: f.error })));
        if (flags.json === true) printJson(failures);
      });
    });

  sub('schedules')
    .description('job schedulers that start runs')
    .action(async (_opts, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withClient(flags, async (client) => {
        const list = await client.listSchedules();
        if (list.length === 0) note('no schedules');
        printTable(
          list.map((s) => ({ id: s.id, every: `${s.everySeconds}s`, next: s.next ?? '' })),
        );
        if (flags.json === true) printJson(list);
      });
    });

  sub('unschedule')
    .argument('<id>', 'schedule id')
    .description('remove a schedule (runs already started continue)')
    .action(async (id: string, _opts, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withClient(flags, async (client) => {
        const removed = await client.removeSchedule(id);
        if (!removed) throw new Error(`no schedule ${id}`);
        note(`removed schedule ${id}`);
        if (flags.json === true) printJson({ removed: id });
      });
    });

  return runs;
}
