import { type ModelParams, parseModelId, type TrainingInfo } from '@myriad/core';
import { StoreError } from '../errors.js';
import type { ArtifactMeta, StoredModel } from '../store.js';
import { readBody, writeBody } from './blocks.js';
import { ByteReader, ByteWriter, MalformedError } from './bytes.js';
import type { Compression } from './compression.js';
import { crc32 } from './crc32.js';
import { DICTIONARY_1 } from './dictionary.js';
import type { ArtifactHeader, EncodeOptions } from './types.js';

/**
 * Artifact envelope, format 1 (all integers little-endian):
 *
 * ```
 * 0   "MYRA"                  magic
 * 4   u8  format version (1)
 * 5   u8  compression (0 none, 1 raw deflate, 2 raw deflate + preset dictionary 1)
 * 6   u16 meta length M
 * 8   meta (M bytes, uncompressed so `stat` needs no inflate):
 *       u32 model version, f64 created-at ms, u32 kind version,
 *       f64 × 6 training info (step s, from s, to s, count, mean, std),
 *       u32 raw body length, u8+kind, u16+model id, u8+run id (0 = none)
 * 8+M body: the kind's JSON header and typed blocks (blocks.ts), deflated
 * n-4 u32 CRC-32 of bytes [0, n-4)
 * ```
 */

const MAGIC = [0x4d, 0x59, 0x52, 0x41]; // "MYRA"
/** The envelope format this code writes and reads. */
export const ARTIFACT_FORMAT_VERSION = 1;
const COMPRESSION_NONE = 0;
const COMPRESSION_DEFLATE = 1;
/** Raw deflate with preset dictionary 1 (dictionary.ts); what the encoder writes. */
const COMPRESSION_DEFLATE_DICT1 = 2;
/** Bodies larger than this (64 MiB raw) are refused on both sides. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MIN_LENGTH = 8 + 4;
const KIND_NAME = /^[a-z][a-z0-9-]{0,63}$/;
/** Run ids: `[A-Za-z0-9._:-]{1,128}`. */
export const RUN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function invalid(message: string): StoreError {
  return new StoreError('INVALID_OPTIONS', message);
}

/** Encodes with an explicit compression implementation. See `encodeArtifact`. */
export function encodeWith(
  compression: Compression,
  params: ModelParams,
  header: ArtifactHeader,
  options: EncodeOptions = {},
): Uint8Array {
  const ref = parseModelId(header.modelId);
  if (ref.id !== header.modelId)
    throw invalid(`model id ${header.modelId} is not canonical (${ref.id})`);
  if (!Number.isInteger(header.version) || header.version < 1 || header.version > 0xffffffff) {
    throw invalid(`model version must be an integer from 1 to 2^32-1, got ${header.version}`);
  }
  if (!Number.isFinite(header.createdAtMs)) throw invalid('createdAtMs must be a finite number');
  if (header.runId !== undefined && !RUN_ID.test(header.runId)) {
    throw invalid(`run id ${JSON.stringify(header.runId)} must match [A-Za-z0-9._:-]{1,128}`);
  }
  if (!KIND_NAME.test(params.kind))
    throw invalid(`kind name ${JSON.stringify(params.kind)} is invalid`);
  if (
    !Number.isInteger(params.kindVersion) ||
    params.kindVersion < 0 ||
    params.kindVersion > 0xffffffff
  ) {
    throw invalid(`kind version must be a non-negative integer, got ${params.kindVersion}`);
  }
  const level = options.level ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9)
    throw invalid(`level must be 0–9, got ${level}`);

  const body = new ByteWriter(4096);
  writeBody(body, params.header, params.blocks, options.floats ?? 'exact');
  const raw = body.finish();
  if (raw.length > MAX_BODY_BYTES)
    throw invalid(`parameters are ${raw.length} bytes, at most ${MAX_BODY_BYTES}`);
  const dictionary = options.dictionary ?? true;
  const packed =
    level === 0 ? raw : compression.deflate(raw, level, dictionary ? DICTIONARY_1 : undefined);

  const w = new ByteWriter(packed.length + 256);
  for (const b of MAGIC) w.u8(b);
  w.u8(ARTIFACT_FORMAT_VERSION);
  w.u8(
    level === 0 ? COMPRESSION_NONE : dictionary ? COMPRESSION_DEFLATE_DICT1 : COMPRESSION_DEFLATE,
  );
  w.u16(0);
  const metaStart = w.length;
  const info = params.info;
  w.u32(header.version);
  w.f64(header.createdAtMs);
  w.u32(params.kindVersion);
  w.f64(info.stepSeconds);
  w.f64(info.fromSeconds);
  w.f64(info.toSeconds);
  w.f64(info.count);
  w.f64(info.mean);
  w.f64(info.std);
  w.u32(raw.length);
  w.string(params.kind, 1);
  w.string(header.modelId, 2);
  w.string(header.runId ?? '', 1);
  w.patchU16(6, w.length - metaStart);
  w.bytes(packed);
  w.u32(checksumOf(compression)(w.finish(), 0, w.length));
  return w.finish().slice();
}

interface ParsedEnvelope {
  meta: ArtifactMeta;
  /** 0 none, 1 raw deflate, 2 raw deflate with dictionary 1. */
  method: number;
  rawLength: number;
  bodyStart: number;
  bodyEnd: number;
}

function checksumOf(c: Compression): (bytes: Uint8Array, start: number, end: number) => number {
  return c.checksum ?? crc32;
}

/** Checks magic, format and checksum, and parses the meta. */
function parseEnvelope(compression: Compression, bytes: Uint8Array): ParsedEnvelope {
  if (!(bytes instanceof Uint8Array)) {
    throw new StoreError('UNSUPPORTED_FORMAT', 'artifact must be a Uint8Array');
  }
  if (bytes.length < MIN_LENGTH) {
    throw new StoreError(
      'CORRUPT_ARTIFACT',
      `artifact is ${bytes.length} bytes, too short to be one`,
    );
  }
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw new StoreError('UNSUPPORTED_FORMAT', 'not a Myriad artifact (bad magic bytes)');
    }
  }
  const end = bytes.length - 4;
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    end,
    true,
  );
  const actual = checksumOf(compression)(bytes, 0, end);
  if (stored !== actual) {
    throw new StoreError(
      'CORRUPT_ARTIFACT',
      `artifact checksum mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)}): truncated or damaged`,
    );
  }
  if (bytes[4] !== ARTIFACT_FORMAT_VERSION) {
    throw new StoreError(
      'UNSUPPORTED_FORMAT',
      `artifact format ${bytes[4]} is not supported (this build reads format ${ARTIFACT_FORMAT_VERSION})`,
    );
  }
  const method = bytes[5];
  if (
    method !== COMPRESSION_NONE &&
    method !== COMPRESSION_DEFLATE &&
    method !== COMPRESSION_DEFLATE_DICT1
  ) {
    throw new StoreError('UNSUPPORTED_FORMAT', `unknown artifact compression ${method}`);
  }
  try {
    const r = new ByteReader(bytes, 6, end);
    const metaLength = r.u16('meta length');
    const metaEnd = r.offset + metaLength;
    if (metaEnd > end) throw new MalformedError('meta runs past the end');
    const m = new ByteReader(bytes, r.offset, metaEnd);
    const version = m.u32('version');
    const createdAtMs = m.f64('created-at');
    const kindVersion = m.u32('kind version');
    const info: TrainingInfo = {
      stepSeconds: m.f64('step'),
      fromSeconds: m.f64('from'),
      toSeconds: m.f64('to'),
      count: m.f64('count'),
      mean: m.f64('mean'),
      std: m.f64('std'),
    };
    const rawLength = m.u32('body length');
    const kind = m.string(1, 'kind');
    const modelId = m.string(2, 'model id');
    const runId = m.string(1, 'run id');
    if (m.offset !== metaEnd) throw new MalformedError('meta has stray bytes');
    if (!KIND_NAME.test(kind)) throw new MalformedError(`bad kind name ${JSON.stringify(kind)}`);
    if (runId !== '' && !RUN_ID.test(runId)) throw new MalformedError('bad run id');
    if (version < 1) throw new MalformedError('version 0');
    if (rawLength > MAX_BODY_BYTES) throw new MalformedError(`body claims ${rawLength} bytes`);
    let canonical: string;
    try {
      canonical = parseModelId(modelId).id;
    } catch {
      throw new MalformedError('bad model id');
    }
    if (canonical !== modelId) throw new MalformedError('non-canonical model id');
    return {
      meta: {
        modelId,
        kind,
        kindVersion,
        version,
        createdAtMs,
        runId: runId === '' ? undefined : runId,
        info,
        bytes: bytes.length,
      },
      method: method as number,
      rawLength,
      bodyStart: metaEnd,
      bodyEnd: end,
    };
  } catch (err) {
    throw corrupt(err);
  }
}

function corrupt(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new StoreError('CORRUPT_ARTIFACT', `artifact is malformed: ${reason}`, { cause: err });
}

/** Reads an artifact's meta: checks magic, format and checksum but inflates nothing. */
export function readMetaWith(compression: Compression, bytes: Uint8Array): ArtifactMeta {
  return parseEnvelope(compression, bytes).meta;
}

/**
 * Where bodies of up to 1 MiB are inflated on decode, grown on demand:
 * decoding is synchronous and copies every value out of the body, so one
 * buffer serves every decode without a fresh allocation each time. Larger
 * bodies get their own buffer, so a rare big one is not kept alive.
 */
let inflateScratch = new Uint8Array(16 * 1024);
const SCRATCH_MAX_BYTES = 1024 * 1024;

/** Decodes with an explicit compression implementation. See `decodeArtifact`. */
export function decodeWith(compression: Compression, bytes: Uint8Array): StoredModel {
  const env = parseEnvelope(compression, bytes);
  try {
    const packed = bytes.subarray(env.bodyStart, env.bodyEnd);
    if (inflateScratch.length < env.rawLength && env.rawLength <= SCRATCH_MAX_BYTES) {
      inflateScratch = new Uint8Array(Math.min(SCRATCH_MAX_BYTES, env.rawLength * 2));
    }
    const into = env.rawLength <= inflateScratch.length ? inflateScratch : undefined;
    let raw: Uint8Array;
    if (env.method === COMPRESSION_DEFLATE) {
      raw = compression.inflate(packed, env.rawLength, undefined, into);
    } else if (env.method === COMPRESSION_DEFLATE_DICT1) {
      raw = compression.inflate(packed, env.rawLength, DICTIONARY_1, into);
    } else if (packed.length === env.rawLength) raw = packed;
    else throw new MalformedError('stored body length differs from the declared length');
    const { header, blocks } = readBody(new ByteReader(raw));
    const meta = env.meta;
    const params: ModelParams = {
      kind: meta.kind,
      kindVersion: meta.kindVersion,
      info: meta.info,
      header,
      blocks,
    };
    return { meta, params };
  } catch (err) {
    throw corrupt(err);
  }
}

/**
 * A copy of `bytes` (an artifact this process just encoded) with another model
 * version and the checksum recomputed: stores encode once, then stamp the
 * version they claimed. O(n) for the CRC.
 * @throws StoreError `CORRUPT_ARTIFACT`/`UNSUPPORTED_FORMAT` if `bytes` is not an artifact.
 */
export function stampVersionWith(
  compression: Compression,
  bytes: Uint8Array,
  version: number,
): Uint8Array {
  parseEnvelope(compression, bytes);
  if (!Number.isInteger(version) || version < 1 || version > 0xffffffff) {
    throw invalid(`model version must be an integer from 1 to 2^32-1, got ${version}`);
  }
  const out = bytes.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(8, version, true);
  view.setUint32(out.length - 4, checksumOf(compression)(out, 0, out.length - 4), true);
  return out;
}
