import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * Where a model lives under an fs store root:
 *
 * ```
 * <root>/models/<h0>/<h1>/<name>/v0000000003   version files (artifacts)
 *                               /latest        hard link to the latest version file
 *                               /r0000000004   a version rolled back (kept until a newer one exists)
 * <root>/runs/<run id>/<writer>.log            model ids each run wrote, one per line
 * <root>/tmp/                                  temp files, linked or renamed into place
 * ```
 *
 * `h0/h1` are the first two bytes (hex) of FNV-1a-32 of the model id: 65,536
 * leaf folders, about 15 models each at a million models (1,500 at 100
 * million). `name` is the id with `/` written `~` and each upper-case letter
 * written `^` + its lower case (so case-insensitive file systems cannot merge
 * two ids); ids whose name would exceed 200 bytes use `#` + SHA-256 hex
 * instead (the id is read back from the artifact). Ids are validated with
 * `parseModelId` first (only `[A-Za-z0-9._:-/@]`, no `.`/`..` segments), and
 * the name contains no `/`, so a model dir is always exactly three levels
 * under `models/`.
 */

const MAX_NAME = 200;

/** FNV-1a 32-bit hash of a string's UTF-16 code units (ids are ASCII). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The directory name of a (validated) model id. */
export function modelDirName(modelId: string): string {
  const name = modelId.replace(/[A-Z/]/g, (c) => (c === '/' ? '~' : `^${c.toLowerCase()}`));
  if (name.length <= MAX_NAME) return name;
  return `#${createHash('sha256').update(modelId).digest('hex')}`;
}

/** The model id a directory name stands for, or undefined for a hashed name (read the artifact). */
export function modelIdOfDirName(name: string): string | undefined {
  if (name.startsWith('#')) return undefined;
  return name.replace(/\^([a-z])|~/g, (m, c: string | undefined) =>
    m === '~' ? '/' : (c as string).toUpperCase(),
  );
}

/** Absolute directory of a model under `root`. */
export function modelDir(root: string, modelId: string): string {
  const h = fnv1a(modelId);
  const h0 = (h >>> 24).toString(16).padStart(2, '0');
  const h1 = ((h >>> 16) & 0xff).toString(16).padStart(2, '0');
  return join(root, 'models', h0, h1, modelDirName(modelId));
}

/** File name of a version: `v` + 10 digits, so names sort by version. */
export function versionFile(version: number): string {
  return `v${version.toString().padStart(10, '0')}`;
}

/** File name of a rolled-back version marker. */
export function retiredFile(version: number): string {
  return `r${version.toString().padStart(10, '0')}`;
}

/** Parses `vNNNNNNNNNN` / `rNNNNNNNNNN`; undefined for anything else. */
export function parseVersionFile(name: string): { retired: boolean; version: number } | undefined {
  if (name.length !== 11 || (name[0] !== 'v' && name[0] !== 'r')) return undefined;
  const version = Number(name.slice(1));
  if (!Number.isInteger(version) || version < 1) return undefined;
  return { retired: name[0] === 'r', version };
}
