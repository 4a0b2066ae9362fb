import { z } from 'zod';

/** The CLI's environment, parsed once. The only place `process.env` is read. */
const schema = z.object({
  /** Default store location for commands that take `--store`. */
  MYRIAD_STORE: z.string().min(1).default('fs:./.myriad/models'),
  /** Default Redis URL for the queue (and the redis store). Unset: commands that need one say so. */
  MYRIAD_REDIS_URL: z.string().min(1).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the NAB corpus lives, relative to the working directory. */
  MYRIAD_NAB_DIR: z.string().min(1).default('../shared/nab'),
  /** Set by CI systems; turns progress bars off. */
  CI: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

/** Parses the environment; a bad value exits with a message naming the variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The environment of this process, parsed on first use. */
export const env: Env = loadEnv();

/** A copy of this process's raw environment, to pass on to child processes. */
export function rawEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env };
}
