import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Scope, ServerEnvTypes } from '../context.js';
import { ApiError } from '../errors.js';

/** One configured API key. */
export interface ApiKey {
  /** A label for logs; never the secret. */
  name: string;
  /** The secret the caller sends (`Authorization: Bearer <key>` or `x-api-key`). At least 16 characters. */
  key: string;
  scopes: readonly Scope[];
}

/** Authentication settings. */
export interface AuthOptions {
  /** Whether requests to scoped routes must present a key. */
  required: boolean;
  keys: readonly ApiKey[];
}

interface StoredKey {
  name: string;
  digest: Buffer;
  scopes: ReadonlySet<Scope>;
}

const SCOPES: ReadonlySet<string> = new Set(['predict', 'train', 'admin']);

/** The auth middleware factory: `require(scope)` guards a route. */
export interface Auth {
  readonly required: boolean;
  require(scope: Scope): MiddlewareHandler<ServerEnvTypes>;
}

/**
 * Builds the API-key check. Keys are kept as SHA-256 digests and a presented
 * key is compared with every one of them by `timingSafeEqual` (equal-length
 * digests, no early exit), so timing reveals neither a key nor which one matched.
 * @throws Error when a key is shorter than 16 characters, a scope is unknown,
 *   or auth is required with no keys.
 */
export function createAuth(options: AuthOptions): Auth {
  const stored: StoredKey[] = options.keys.map((k, i) => {
    if (typeof k.key !== 'string' || k.key.length < 16) {
      throw new Error(`API key ${i} (${k.name}) must be a string of at least 16 characters`);
    }
    for (const scope of k.scopes) {
      if (!SCOPES.has(scope)) {
        throw new Error(
          `API key ${k.name}: unknown scope ${JSON.stringify(scope)}; use predict, train or admin`,
        );
      }
    }
    return { name: k.name, digest: sha256(k.key), scopes: new Set(k.scopes) };
  });
  if (options.required && stored.length === 0) {
    throw new Error(
      'auth is required (listening on a non-loopback address) but no API keys are configured: set MYRIAD_API_KEYS, or MYRIAD_AUTH=off to run without auth',
    );
  }

  function find(presented: string): StoredKey | undefined {
    const digest = sha256(presented);
    let match: StoredKey | undefined;
    for (const key of stored) {
      // Compare against every key: no early exit.
      if (timingSafeEqual(digest, key.digest) && match === undefined) match = key;
    }
    return match;
  }

  return {
    required: options.required,
    require(scope) {
      if (!options.required) {
        return async (_c, next) => {
          await next();
        };
      }
      return async (c, next) => {
        const presented = readKey(c.req.header('authorization'), c.req.header('x-api-key'));
        if (presented === undefined) {
          throw new ApiError(
            'UNAUTHORIZED',
            'an API key is required: send Authorization: Bearer <key> or x-api-key',
          );
        }
        const key = find(presented);
        if (key === undefined) throw new ApiError('UNAUTHORIZED', 'unknown API key');
        if (!key.scopes.has(scope) && !key.scopes.has('admin')) {
          throw new ApiError(
            'FORBIDDEN',
            `API key ${JSON.stringify(key.name)} lacks the ${scope} scope`,
          );
        }
        c.set('keyName', key.name);
        await next();
      };
    },
  };
}

function readKey(
  authorization: string | undefined,
  apiKey: string | undefined,
): string | undefined {
  if (apiKey !== undefined && apiKey.length > 0) return apiKey;
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** True for addresses only this machine can reach (then auth defaults to off). */
export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/**
 * Parses `MYRIAD_API_KEYS` (a JSON array of `{name, key, scopes}`).
 * @throws Error naming the bad entry.
 */
export function parseApiKeys(text: string | undefined): ApiKey[] {
  if (text === undefined || text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('MYRIAD_API_KEYS must be a JSON array of {"name","key","scopes"}');
  }
  if (!Array.isArray(parsed)) throw new Error('MYRIAD_API_KEYS must be a JSON array');
  return parsed.map((entry: unknown, i) => {
    const e = entry as Partial<ApiKey> | null;
    if (
      e === null ||
      typeof e !== 'object' ||
      typeof e.key !== 'string' ||
      !Array.isArray(e.scopes)
    ) {
      throw new Error(
        `MYRIAD_API_KEYS[${i}] must be {"name": string, "key": string, "scopes": [..]}`,
      );
    }
    return {
      name: typeof e.name === 'string' ? e.name : `key-${i}`,
      key: e.key,
      scopes: e.scopes as Scope[],
    };
  });
}
