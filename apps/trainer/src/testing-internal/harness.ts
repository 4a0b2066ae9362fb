import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatModelId } from '@myriad/core';
import { type ModelStore, openStore, type RedisServer, startRedisServer } from '@myriad/store';
import { createFleetIndex } from '../fleet.js';
import type { FleetSpec } from '../spec.js';

/** A private redis-server and a temp fs store for one test file. */
export interface Harness {
  readonly redis: RedisServer;
  readonly dir: string;
  /** A fresh fs store location under the temp dir, and a unique queue prefix. */
  next(): { store: string; prefix: string };
  close(): Promise<void>;
}

let counter = 0;

export async function startHarness(): Promise<Harness> {
  const redis = await startRedisServer();
  const dir = await mkdtemp(join(tmpdir(), 'myriad-trainer-'));
  return {
    redis,
    dir,
    next() {
      counter++;
      return { store: `fs:${join(dir, `store-${counter}`)}`, prefix: `t${process.pid}-${counter}` };
    },
    async close() {
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every model id a run over `fleet` at `resolutions` must write. */
export function expectedModelIds(fleet: FleetSpec, resolutions: readonly string[]): string[] {
  const index = createFleetIndex(fleet);
  const ids: string[] = [];
  for (let i = 0; i < index.size; i++) {
    for (const r of resolutions) ids.push(formatModelId(index.seriesAt(i), r));
  }
  return ids.sort();
}

/** Every model id in a store, sorted. */
export async function storedModelIds(
  location: string,
): Promise<{ ids: string[]; store: ModelStore }> {
  const store = await openStore(location);
  const ids: string[] = [];
  for await (const id of store.list()) ids.push(id);
  return { ids: ids.sort(), store };
}
