import { type KindRegistry, type Model, type ModelParams, parseResolution } from '@myriad/core';
import {
  type ArtifactHeader,
  decodeWith,
  encodeWith,
  fflateCompression,
  nodeCompression,
} from '@myriad/store';
import { microsPerCall, round } from './measure.js';
import { syntheticHistory } from './synthetic.js';

/** Sizes and codec speed of one kind at one resolution. */
export interface KindSize {
  readonly kind: string;
  readonly resolution: string;
  /** Artifact as stored (default codec settings), bytes. */
  readonly artifactBytes: number;
  /** Artifact with `floats: 'float32'` (lossy float64 blocks), bytes. */
  readonly float32Bytes: number;
  /** Artifact without compression (level 0), bytes. */
  readonly uncompressedBytes: number;
  /** The same parameters as naive JSON (blocks as number arrays), bytes. */
  readonly jsonBytes: number;
  /** Every block element as a float64, bytes (8 × elements). */
  readonly rawFloat64Bytes: number;
  /** Block names and lengths. */
  readonly blocks: Readonly<Record<string, number>>;
  /** Encode µs per artifact with node:zlib / fflate. */
  readonly encodeUs: { readonly node: number; readonly fflate: number };
  /** Decode µs per artifact (checksum, inflate, blocks) with node:zlib / fflate. */
  readonly decodeUs: { readonly node: number; readonly fflate: number };
}

/**
 * The naive JSON format of an artifact: the same meta and parameters, blocks
 * as plain number arrays (`JSON.stringify`).
 */
export function naiveJson(params: ModelParams, header: ArtifactHeader): string {
  const blocks: Record<string, number[]> = {};
  for (const [name, block] of Object.entries(params.blocks)) blocks[name] = Array.from(block);
  return JSON.stringify({
    modelId: header.modelId,
    version: header.version,
    createdAtMs: header.createdAtMs,
    runId: header.runId,
    kind: params.kind,
    kindVersion: params.kindVersion,
    info: params.info,
    header: params.header,
    blocks,
  });
}

/** Fits `kind` at `resolution` on synthetic history (`days` long). */
export function fitBenchModel(
  registry: KindRegistry,
  kind: string,
  resolution: string,
  days: number,
  seed = 7,
): Model {
  const stepSeconds = parseResolution(resolution).seconds;
  return registry.get(kind).fit(syntheticHistory(stepSeconds, days, seed), { stepSeconds });
}

/** Measures sizes and codec speed of one fitted model. */
export function measureKindSize(model: Model, resolution: string, modelId: string): KindSize {
  const params = model.params();
  const header = { modelId, version: 1, createdAtMs: Date.now(), runId: 'bench' };
  const artifact = encodeWith(nodeCompression, params, header);
  const fromFflate = encodeWith(fflateCompression, params, header);
  let elements = 0;
  const blocks: Record<string, number> = {};
  for (const [name, block] of Object.entries(params.blocks)) {
    blocks[name] = block.length;
    elements += block.length;
  }
  // Enough iterations for ~20 ms per round whatever the size.
  const iterations = Math.max(20, Math.round(200_000 / Math.max(artifact.length, 1)));
  return {
    kind: params.kind,
    resolution,
    artifactBytes: artifact.length,
    float32Bytes: encodeWith(nodeCompression, params, header, { floats: 'float32' }).length,
    uncompressedBytes: encodeWith(nodeCompression, params, header, { level: 0 }).length,
    jsonBytes: Buffer.byteLength(naiveJson(params, header)),
    rawFloat64Bytes: elements * 8,
    blocks,
    encodeUs: {
      node: round(microsPerCall(() => encodeWith(nodeCompression, params, header), iterations)),
      fflate: round(microsPerCall(() => encodeWith(fflateCompression, params, header), iterations)),
    },
    decodeUs: {
      node: round(microsPerCall(() => decodeWith(nodeCompression, artifact), iterations)),
      fflate: round(microsPerCall(() => decodeWith(fflateCompression, fromFflate), iterations)),
    },
  };
}
