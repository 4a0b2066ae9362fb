#!/usr/bin/env node
import { createProgram } from './program.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (err) {
  // Every package's error class carries a string `code` (MyriadError, StoreError, TrainerError).
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  const prefix = typeof code === 'string' && !message.startsWith(code) ? `${code}: ` : '';
  process.stderr.write(`myriad: ${prefix}${message}\n`);
  process.exitCode = 1;
}
