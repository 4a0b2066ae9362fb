/** Identity of an artifact version, written into its envelope by {@link encodeArtifact}. */
export interface ArtifactHeader {
  /** Canonical model id (validated with `parseModelId`). */
  readonly modelId: string;
  /** Model version, a positive integer below 2^32. */
  readonly version: number;
  /** Unix milliseconds. */
  readonly createdAtMs: number;
  /** The run that wrote it, `[A-Za-z0-9._:-]{1,128}`, if any. */
  readonly runId?: string | undefined;
}

/** Options for {@link encodeArtifact}. */
export interface EncodeOptions {
  /**
   * How `Float64Array` blocks are stored. `exact`: bit-exact float64 (blocks
   * whose values are all exact float32 still take 4 bytes per value).
   * `float32`: rounded to float32 (relative error ≤ 6e-8), which the codec
   * tests show changes scores by < 1e-6. Default: `exact`.
   */
  readonly floats?: 'exact' | 'float32';
  /** Deflate level 0–9 (0 stores the body uncompressed). Default: 6. */
  readonly level?: number;
  /**
   * Deflate with the format's preset dictionary of common header keys and
   * block names (~100 bytes smaller per artifact). Default: true.
   */
  readonly dictionary?: boolean;
}
