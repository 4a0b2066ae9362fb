export {
  decodeArtifact,
  encodeArtifact,
  readArtifactMeta,
  setArtifactVersion,
} from './artifact.js';
export { type Compression, fflateCompression } from './compression.js';
export { crc32 } from './crc32.js';
export {
  ARTIFACT_FORMAT_VERSION,
  decodeWith,
  encodeWith,
  readMetaWith,
  stampVersionWith,
} from './envelope.js';
export { nodeCompression } from './node-compression.js';
export type { ArtifactHeader, EncodeOptions } from './types.js';
