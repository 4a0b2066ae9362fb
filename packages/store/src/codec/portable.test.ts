import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitTestModel } from '../testing-internal/test-kind.js';
import { decodeArtifact as decodeNode, encodeArtifact as encodeNode } from './artifact.js';
import { decodeArtifact, encodeArtifact, readArtifactMeta } from './portable.js';

const header = { modelId: 'a/b@15m', version: 2, createdAtMs: 7, runId: 'r' };

describe('@myriad/store/codec (portable)', () => {
  it('reads what the Node codec writes and the other way round', () => {
    const params = fitTestModel(900, 3).params();
    const fromNode = encodeNode(params, header);
    const fromPortable = encodeArtifact(params, header);
    expect(decodeArtifact(fromNode).params.header).toEqual(params.header);
    expect(decodeNode(fromPortable).meta).toEqual(readArtifactMeta(fromPortable));
    expect(Array.from(decodeArtifact(fromPortable).params.blocks['loc'] as Float64Array)).toEqual(
      Array.from(params.blocks['loc'] as Float64Array),
    );
  });

  it('imports nothing from Node, directly or through its codec modules', async () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    for (const file of [
      'portable.ts',
      'envelope.ts',
      'blocks.ts',
      'bytes.ts',
      'compression.ts',
      'crc32.ts',
      'dictionary.ts',
      'types.ts',
      '../errors.ts',
      '../store.ts',
    ]) {
      const text = await readFile(`${dir}/${file}`, 'utf8');
      expect(text, file).not.toMatch(
        /from '(node:[^']*|\.\/artifact\.js|\.\/node-compression\.js)'/,
      );
    }
  });
});
