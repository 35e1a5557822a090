/**
 * The browser side is plain ES modules in src/ui/assets/ (no bundler, no build step: package.json ships
 * the folder) plus Preact and htm served from their own packages' ESM builds (dependencies of codelocal,
 * so they are installed wherever codelocal is). Why `../../src/ui/assets/`: the same relative URL
 * resolves from src/ui/ (tests) and dist/ui/ (the package), as src/guest/index.ts does.
 * The one rewrite: preact/hooks imports the bare name "preact", which a browser cannot resolve without an
 * inline import map (which the Content-Security-Policy forbids), so it is pointed at /vendor/preact.js.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

const ASSETS_DIR = fileURLToPath(new URL('../../src/ui/assets/', import.meta.url));

/** Every file the page may load, by the name it is served under. */
export const ASSET_FILES = [
  'app.js',
  'api.js',
  'executions-page.js',
  'execution-page.js',
  'execution-action.js',
  'execution-transition.js',
  'build-page.js',
  'log-view.js',
  'style.css',
] as const;

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

const require = createRequire(import.meta.url);
// The folder of a package's CommonJS build, where its ESM build (`*.module.js`) sits too.
const distDir = (name: string) => dirname(require.resolve(name));

function vendorFiles(): Record<string, string> {
  return {
    'preact.js': readFileSync(join(distDir('preact'), 'preact.module.js'), 'utf8'),
    'hooks.js': readFileSync(join(distDir('preact/hooks'), 'hooks.module.js'), 'utf8').replace(
      /from\s*["']preact["']/g,
      'from"/vendor/preact.js"',
    ),
    'htm.js': readFileSync(join(distDir('htm'), 'htm.module.js'), 'utf8'),
  };
}

/** No inline script may run: an HTML injection (a crafted action name) cannot become script. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

function page(token: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="codelocal-token" content="${token}">
<title>codelocal</title>
<link rel="stylesheet" href="/assets/style.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body><div id="app"></div></body>
</html>
`;
}

export function assetRoutes(app: Hono, token: string): void {
  const vendor = vendorFiles();
  const headers = (type: string) => ({
    'content-type': type,
    'content-security-policy': CSP,
    'cache-control': 'no-store',
  });
  app.get('/', () => new Response(page(token), { headers: headers('text/html; charset=utf-8') }));
  app.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    if (!(ASSET_FILES as readonly string[]).includes(file)) return c.notFound();
    const text = readFileSync(join(ASSETS_DIR, file), 'utf8');
    return new Response(text, { headers: headers(TYPES[file.split('.').pop()!]!) });
  });
  app.get('/favicon.ico', () => new Response(null, { status: 204 }));
  app.get('/vendor/:file', (c) => {
    const text = vendor[c.req.param('file')];
    return text === undefined ? c.notFound() : new Response(text, { headers: headers(TYPES.js!) });
  });
}
