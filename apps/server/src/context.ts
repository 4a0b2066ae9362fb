import type { Logger } from 'pino';

/** Scopes an API key may hold. `admin` implies the others. */
export type Scope = 'predict' | 'train' | 'admin';

/** Per-request values middleware sets for handlers. */
export interface RequestVariables {
  /** The request id: the caller's `x-request-id` when sane, else a fresh UUID. */
  requestId: string;
  /** Name of the API key that authenticated the request, when auth is on. */
  keyName: string | undefined;
}

/** The Hono environment of every route. */
export interface ServerEnvTypes {
  Variables: RequestVariables;
}

/** The logger interface the server needs (pino's). */
export type ServerLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;
