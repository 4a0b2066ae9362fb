import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readArtifactMeta, setArtifactVersion } from '../../codec/artifact.js';
import { StoreError } from '../../errors.js';
import type { ArtifactMeta, RollbackResult } from '../../store.js';
import { code, dirState, readOrUndefined, writeNewFile } from './files.js';
import { retiredFile, versionFile } from './layout.js';

/**
 * The lock-free version protocol of the fs store. Versions are claimed with
 * `link` (fails if the name is taken), `latest` is replaced with `link` +
 * `rename`, and every writer re-checks after moving it that `latest` is the
 * highest version: the last writer to finish sees every version claimed
 * before it, so concurrent processes converge without locks.
 */

/**
 * Writes `encoded` (stamped with the version it claims) as a new version of
 * the model in `dir`, via the temp file `temp`, makes it latest and trims.
 */
export async function claimVersion(
  dir: string,
  temp: string,
  encoded: Uint8Array,
  keep: number,
  fsync: boolean,
): Promise<ArtifactMeta> {
  // mkdir reports whether it created the folder: a new model starts at
  // version 1 without listing it (a racing creator is caught by link below).
  const created = (await mkdir(dir, { recursive: true })) !== undefined;
  let version = created ? 1 : (await dirState(dir)).maxUsed + 1;
  for (let attempt = 0; ; attempt++) {
    const bytes = setArtifactVersion(encoded, version);
    await writeNewFile(temp, bytes, fsync);
    const file = join(dir, versionFile(version));
    try {
      // link fails with EEXIST when another writer claimed this version: take the next.
      await link(temp, file);
    } catch (err) {
      await unlink(temp).catch(() => {});
      if (code(err) !== 'EEXIST' || attempt > 1000) throw err;
      version = Math.max(version + 1, (await dirState(dir)).maxUsed + 1);
      continue;
    }
    await unlink(temp);
    const first = created && version === 1;
    if (!first) {
      // Our number came from an earlier listing: if a higher one exists now,
      // a version of this number may have been claimed and trimmed
      // meanwhile, so ours could repeat it. Give it up and take a fresh one.
      const now = await dirState(dir);
      if (now.maxUsed > version) {
        await unlink(file).catch(() => {});
        version = now.maxUsed + 1;
        continue;
      }
    }
    await pointLatest(dir, file, first, keep);
    return readArtifactMeta(bytes);
  }
}

/**
 * Makes `file` latest. For the first version of a new model an exclusive
 * link is enough: if it succeeds no `latest` existed, and any writer that
 * moves `latest` later re-checks it itself. Otherwise {@link settle}.
 */
async function pointLatest(dir: string, file: string, first: boolean, keep: number): Promise<void> {
  if (first) {
    try {
      await link(file, join(dir, 'latest'));
      return;
    } catch (err) {
      // EEXIST: another writer made `latest`; ENOENT: our version was already trimmed.
      if (code(err) !== 'EEXIST' && code(err) !== 'ENOENT') throw err;
    }
  }
  await settle(dir, keep);
}

/**
 * Points `latest` at the highest live version and trims all but the `keep`
 * highest (and retired markers below the top), repeating until `latest` is
 * the highest.
 */
export async function settle(dir: string, keep: number): Promise<void> {
  for (let round = 0; round < 100; round++) {
    const state = await dirState(dir);
    const top = state.live[0];
    const latest = join(dir, 'latest');
    if (top === undefined) {
      await unlink(latest).catch((err) => {
        if (code(err) !== 'ENOENT') throw err;
      });
      return;
    }
    const target = join(dir, versionFile(top));
    const [a, b] = await Promise.all([
      stat(latest).catch(() => undefined),
      stat(target).catch(() => undefined),
    ]);
    if (b === undefined) continue; // trimmed or retired meanwhile: look again
    if (a === undefined || a.ino !== b.ino) {
      const temp = join(dir, `.latest-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        await link(target, temp);
      } catch (err) {
        if (code(err) === 'ENOENT') continue;
        throw err;
      }
      await rename(temp, latest);
      continue; // re-check: another writer may have moved it meanwhile
    }
    const drop = [
      ...state.live.slice(keep).map(versionFile),
      ...state.retired.filter((v) => v < top).map(retiredFile),
    ];
    await Promise.all(drop.map((name) => unlink(join(dir, name)).catch(() => {})));
    return;
  }
}

/**
 * Retires the latest version of the model in `dir` (renamed `r<n>`, so its
 * number is not reused), only when written by `runId` if one is given.
 * With `allowRemove`, the last version may go too (the model is removed).
 * @returns undefined when there was nothing (of that run) to retire.
 * @throws StoreError `NOT_FOUND` when only one version is left and `allowRemove` is false.
 */
export async function retireLatest(
  dir: string,
  modelId: string,
  runId: string | undefined,
  allowRemove: boolean,
  keep: number,
): Promise<RollbackResult | undefined> {
  const { live } = await dirState(dir);
  const top = live[0];
  if (top === undefined) return undefined;
  if (live.length < 2 && !allowRemove) {
    throw new StoreError(
      'NOT_FOUND',
      `model ${modelId} has no previous version to roll back to (only v${top})`,
    );
  }
  if (runId !== undefined) {
    const bytes = await readOrUndefined(join(dir, versionFile(top)));
    if (bytes === undefined || readArtifactMeta(bytes).runId !== runId) return undefined;
  }
  try {
    await rename(join(dir, versionFile(top)), join(dir, retiredFile(top)));
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined;
    throw err;
  }
  await settle(dir, keep);
  const after = (await dirState(dir)).live[0];
  if (after === undefined) {
    // Nothing left: remove the model. rmdir fails (and leaves it) if a
    // concurrent put has just claimed a new version.
    const { retired } = await dirState(dir);
    await Promise.all(retired.map((v) => unlink(join(dir, retiredFile(v))).catch(() => {})));
    await rmdir(dir).catch(() => {});
  }
  return { modelId, from: top, to: after };
}
