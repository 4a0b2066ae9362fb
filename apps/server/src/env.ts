import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The server's environment, parsed once. The only place in `@myriad/server` that reads `process.env`. */
const schema = z.object({
  /** Store location, e.g. `fs:./.myriad/models` or `redis://127.0.0.1:6379/0`. */
  MYRIAD_STORE: z.string().min(1).default('fs:./.myriad/models'),
  /** Redis URL of the training queue; unset: the run routes answer 503. */
  MYRIAD_REDIS_URL: z.string().min(1).optional(),
  /** Interface to listen on. */
  MYRIAD_HOST: z.string().min(1).default('127.0.0.1'),
  /** Port to listen on (0 = any free port). */
  MYRIAD_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Worker processes (node:cluster); 0 = one per CPU. */
  MYRIAD_WORKERS: z.coerce.number().int().min(0).max(256).default(1),
  /** Model cache budget per worker, in bytes. */
  MYRIAD_CACHE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024),
  /** Largest accepted request body, in bytes. */
  MYRIAD_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /**
   * API keys as JSON: `[{"name":"alerts","key":"<secret>","scopes":["predict"]}]`.
   * Scopes: `predict`, `train`, `admin` (admin implies the others).
   */
  MYRIAD_API_KEYS: z.string().min(1).optional(),
  /** `on` / `off` forces auth; default `auto`: required unless listening on loopback. */
  MYRIAD_AUTH: z.enum(['auto', 'on', 'off']).default('auto'),
  /** pino log level. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

/** The parsed server environment. */
export type ServerEnv = z.infer<typeof schema>;

/**
 * Parses an environment (default: `process.env`).
 * @throws Error naming the bad variable.
 */
export function loadServerEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
