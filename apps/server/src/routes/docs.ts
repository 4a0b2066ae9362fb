import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { ServerEnvTypes } from '../context.js';
import { ApiError } from '../errors.js';

/** The Swagger UI files the page loads, with their content types. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

function page(specUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Myriad predict API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#swagger-ui' });</script>
</body>
</html>
`;
}

/**
 * `GET /docs`: Swagger UI over the OpenAPI document, with its script and
 * stylesheet served by this server from the `swagger-ui-dist` package (no
 * CDN, so the page works on a network without internet access). Each file is
 * read once, on first request.
 */
export function createDocsRoutes(specUrl: string) {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const files = new Map<string, Promise<Buffer>>();
  const html = page(specUrl);
  return new Hono<ServerEnvTypes>()
    .get('/docs', (c) => c.html(html))
    .get('/docs/assets/:file', async (c) => {
      const name = c.req.param('file');
      const type = ASSETS[name];
      if (type === undefined) throw new ApiError('ROUTE_NOT_FOUND', `no docs asset ${name}`);
      let file = files.get(name);
      if (file === undefined) {
        file = readFile(join(dir, name));
        files.set(name, file);
        file.catch(() => files.delete(name));
      }
      return c.body(new Uint8Array(await file), 200, {
        'content-type': type,
        'cache-control': 'public, max-age=86400',
      });
    });
}
