import { OpenAPIHono } from '@hono/zod-openapi';
import type { ServerEnvTypes } from './context.js';
import { ApiError } from './errors.js';

interface Issue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

/** `['requests', 3, 'datapoints', 0, 'value']` → `requests[3].datapoints[0].value`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(body)' : out;
}

/**
 * Turns zod issues into one 400 message naming the field paths (the first
 * three issues, so a huge bad body does not make a huge error).
 */
export function validationError(issues: ReadonlyArray<Issue>, target: string): ApiError {
  const shown = issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  const where = target === 'json' ? '' : `${target} `;
  return new ApiError('INVALID_REQUEST', `invalid ${where}${shown.join('; ')}${more}`);
}

/** A route group: an OpenAPIHono whose validation failures become 400 `INVALID_REQUEST`. */
export function createRouter(): OpenAPIHono<ServerEnvTypes> {
  return new OpenAPIHono<ServerEnvTypes>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues, result.target);
    },
  });
}
