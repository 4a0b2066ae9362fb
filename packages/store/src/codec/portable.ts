// `@myriad/store/codec`: the artifact codec with nothing from Node (fflate and
// a table CRC-32), for browsers, workers and other runtimes. Same format as
// `encodeArtifact`/`decodeArtifact`, which use node:zlib for speed.
import type { ModelParams } from '@myriad/core';
import type { ArtifactMeta, StoredModel } from '../store.js';
import { fflateCompression } from './compression.js';
import { decodeWith, encodeWith, readMetaWith } from './envelope.js';
import type { ArtifactHeader, EncodeOptions } from './types.js';

export { isStoreError, StoreError, type StoreErrorCode } from '../errors.js';
export type { ArtifactMeta, StoredModel } from '../store.js';
export { type Compression, fflateCompression } from './compression.js';
export { crc32 } from './crc32.js';
export { ARTIFACT_FORMAT_VERSION, decodeWith, encodeWith, readMetaWith } from './envelope.js';
export type { ArtifactHeader, EncodeOptions } from './types.js';

/** {@link encodeWith} fflate: an artifact from parameters, in any JS runtime. */
export function encodeArtifact(
  params: ModelParams,
  header: ArtifactHeader,
  options?: EncodeOptions,
): Uint8Array {
  return encodeWith(fflateCompression, params, header, options);
}

/**
 * {@link decodeWith} fflate: meta and parameters from an artifact, in any JS runtime.
 * @throws StoreError `UNSUPPORTED_FORMAT` or `CORRUPT_ARTIFACT`.
 */
export function decodeArtifact(bytes: Uint8Array): StoredModel {
  return decodeWith(fflateCompression, bytes);
}

/** An artifact's meta without inflating it. @throws as {@link decodeArtifact}. */
export function readArtifactMeta(bytes: Uint8Array): ArtifactMeta {
  return readMetaWith(fflateCompression, bytes);
}
