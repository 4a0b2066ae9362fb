import type { ModelParams } from '@myriad/core';
import type { ArtifactMeta, StoredModel } from '../store.js';
import { fflateCompression } from './compression.js';
import { decodeWith, encodeWith, readMetaWith, stampVersionWith } from './envelope.js';
import { nodeCompression } from './node-compression.js';
import type { ArtifactHeader, EncodeOptions } from './types.js';

/**
 * Encodes a model's parameters into an artifact: a versioned binary envelope
 * (see envelope.ts), raw-deflate compressed, CRC-32 over the whole. Uses
 * node:zlib, measured faster than fflate on Node for these sizes (`myriad
 * bench store`); `encodeWith(fflateCompression, …)` gives identical-format
 * output with no Node dependency.
 * @throws StoreError `INVALID_OPTIONS` for a bad header or options; MyriadError
 *   `INVALID_MODEL_ID` for a bad model id.
 */
export function encodeArtifact(
  params: ModelParams,
  header: ArtifactHeader,
  options?: EncodeOptions,
): Uint8Array {
  return encodeWith(nodeCompression, params, header, options);
}

/**
 * Decodes an artifact back to its meta and parameters (restore the model
 * with `registry.restore(result.params)`). Inflates with fflate into a reused
 * buffer: as fast as node:zlib for artifact-sized bodies (17–20 µs per decode
 * either way, measured), without the zlib stream object and native buffers
 * node:zlib allocates per call, which a server decoding thousands of models a
 * second pays for in garbage-collection pauses.
 * @throws StoreError `UNSUPPORTED_FORMAT` for foreign bytes or an unknown
 *   format version, `CORRUPT_ARTIFACT` when truncated or damaged.
 */
export function decodeArtifact(bytes: Uint8Array): StoredModel {
  return decodeWith(fflateCompression, bytes);
}

/**
 * An artifact's meta without inflating its parameters (checks magic, format
 * and checksum).
 * @throws StoreError `UNSUPPORTED_FORMAT` or `CORRUPT_ARTIFACT`.
 */
export function readArtifactMeta(bytes: Uint8Array): ArtifactMeta {
  return readMetaWith(nodeCompression, bytes);
}

/**
 * A copy of an artifact with another model version and its checksum
 * recomputed: stores encode once, then stamp the version they claimed.
 * @throws StoreError `INVALID_OPTIONS` for a bad version, or as {@link readArtifactMeta}.
 */
export function setArtifactVersion(bytes: Uint8Array, version: number): Uint8Array {
  return stampVersionWith(nodeCompression, bytes, version);
}
