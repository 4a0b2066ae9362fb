#!/usr/bin/env node
import { isMyriadError } from '@myriad/core';
import { createProgram } from './program.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (err) {
  const code = isMyriadError<string>(err) ? `${err.code}: ` : '';
  process.stderr.write(`myriad: ${code}${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
