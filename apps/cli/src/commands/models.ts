import { parseModelId } from '@myriad/core';
import { type ArtifactMeta, type ModelStore, openStore } from '@myriad/store';
import type { Command } from 'commander';
import { env } from '../env.js';
import { createProgress, note, printJson, printTable } from '../output.js';

interface ModelsFlags {
  store?: string;
  json?: boolean;
}

async function withStore<T>(flags: ModelsFlags, fn: (store: ModelStore) => Promise<T>): Promise<T> {
  const store = await openStore(flags.store ?? env.MYRIAD_STORE);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function isoSeconds(seconds: number): string {
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : String(seconds);
}

/** One printable row per artifact version. */
export function metaRow(meta: ArtifactMeta): Record<string, string | number> {
  return {
    version: meta.version,
    kind: `${meta.kind}/v${meta.kindVersion}`,
    created: new Date(meta.createdAtMs).toISOString(),
    run: meta.runId ?? '-',
    trained: `${isoSeconds(meta.info.fromSeconds)} .. ${isoSeconds(meta.info.toSeconds)}`,
    points: meta.info.count,
    bytes: meta.bytes,
  };
}

interface StatsRow {
  kind: string;
  resolution: string;
  models: number;
  bytes: number;
}

/** Counts stored models and their bytes by kind and resolution (reads every latest artifact's meta). */
export async function storeStats(
  store: ModelStore,
  prefix: string,
  onProgress?: (done: number) => void,
): Promise<{ models: number; bytes: number; groups: StatsRow[] }> {
  const groups = new Map<string, StatsRow>();
  let models = 0;
  let bytes = 0;
  let batch: string[] = [];
  const flush = async () => {
    const metas = await Promise.all(batch.map((id) => store.stat(id)));
    for (const meta of metas) {
      if (meta === undefined) continue; // deleted while listing
      const resolution = parseModelId(meta.modelId).resolution.text;
      const key = `${meta.kind}\0${resolution}`;
      const row = groups.get(key) ?? { kind: meta.kind, resolution, models: 0, bytes: 0 };
      row.models++;
      row.bytes += meta.bytes;
      groups.set(key, row);
      models++;
      bytes += meta.bytes;
    }
    batch = [];
    onProgress?.(models);
  };
  for await (const id of store.list(prefix)) {
    batch.push(id);
    if (batch.length >= 256) await flush();
  }
  await flush();
  const rows = [...groups.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.resolution.localeCompare(b.resolution),
  );
  return { models, bytes, groups: rows };
}

/** `myriad models get | versions | list | rollback | stats`, all with `--store` and `--json`. */
export function registerModels(program: Command): Command {
  const models = program
    .command('models')
    .description('stored models: get, versions, list, rollback (one model or a run), stats')
    .option('--store <location>', 'store location, fs:PATH or redis://… (default MYRIAD_STORE)')
    .option('--json', 'print JSON as the last line');
  const flagsOf = (cmd: Command) => cmd.optsWithGlobals() as ModelsFlags;

  models
    .command('get')
    .argument('<id>', 'model id, <series id>@<resolution>')
    .description("the latest version's metadata and parameter sizes")
    .action(async (id: string, _opts, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withStore(flags, async (store) => {
        const stored = await store.get(id);
        if (stored === undefined) throw new Error(`model ${id} is not stored in ${store.location}`);
        printTable([metaRow(stored.meta)]);
        const blocks = Object.entries(stored.params.blocks).map(([name, b]) => ({
          block: name,
          type: b.constructor.name,
          length: b.length,
        }));
        if (flags.json !== true) {
          printTable(blocks);
          note(`header: ${JSON.stringify(stored.params.header)}`);
        } else {
          printJson({ ...stored.meta, header: stored.params.header, blocks });
        }
      });
    });

  models
    .command('versions')
    .argument('<id>', 'model id')
    .description('kept versions, newest (latest) first')
    .action(async (id: string, _opts, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withStore(flags, async (store) => {
        const versions = await store.versions(id);
        if (versions.length === 0) note(`model ${id} is not stored`);
        printTable(versions.map(metaRow));
        if (flags.json === true) printJson(versions);
      });
    });

  models
    .command('list')
    .argument('[prefix]', 'model id prefix', '')
    .option('--limit <n>', 'at most this many ids', '100')
    .description('model ids starting with a prefix (in no particular order)')
    .action(async (prefix: string, opts: { limit: string }, cmd: Command) => {
      const flags = flagsOf(cmd);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new Error(`--limit must be a positive integer, got ${opts.limit}`);
      await withStore(flags, async (store) => {
        const ids: string[] = [];
        for await (const id of store.list(prefix)) {
          ids.push(id);
          if (ids.length >= limit) break;
        }
        if (flags.json === true) printJson(ids);
        else for (const id of ids) process.stdout.write(`${id}\n`);
      });
    });

  models
    .command('rollback')
    .argument('[id]', 'model id to roll back to its previous version')
    .option('--run <run>', 'roll back every model this run wrote instead')
    .description('remove the latest version of one model, or of every model a run wrote')
    .action(async (id: string | undefined, opts: { run?: string }, cmd: Command) => {
      const flags = flagsOf(cmd);
      if ((id === undefined) === (opts.run === undefined)) {
        throw new Error('give either a model id or --run RUN (not both)');
      }
      await withStore(flags, async (store) => {
        if (opts.run !== undefined) {
          const result = await store.rollbackRun(opts.run);
          note(
            `run ${result.runId}: ${result.rolledBack} of ${result.models} models rolled back, ${result.skipped} skipped (overwritten since, or gone)`,
          );
          if (flags.json === true) printJson(result);
          return;
        }
        const result = await store.rollback(id as string);
        note(`${result.modelId}: v${result.from} removed, latest is now v${result.to ?? '-'}`);
        if (flags.json === true) printJson(result);
      });
    });

  models
    .command('stats')
    .option('--prefix <prefix>', 'only models whose id starts with this', '')
    .description('count and bytes of stored models by kind and resolution')
    .action(async (opts: { prefix: string }, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withStore(flags, async (store) => {
        const progress = createProgress('models', 0);
        const stats = await storeStats(store, opts.prefix, (done) => {
          progress.setTotal(done);
          progress.update(done);
        });
        progress.stop();
        printTable(
          stats.groups.map((g) => ({
            ...g,
            avgBytes: g.models > 0 ? Math.round(g.bytes / g.models) : 0,
          })),
        );
        note(`${stats.models} models, ${stats.bytes} bytes in ${store.location}`);
        if (flags.json === true) printJson({ location: store.location, ...stats });
      });
    });

  return models;
}
