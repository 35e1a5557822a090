#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/cli/bin.js and everything it imports, npm packages included) into
 * dist/bundle/: the entry codelocal.js plus one chunk per dynamic `import()`, so commands still load lazily.
 * Why: Node 20 has no compile cache for ES modules, and resolving, reading and linking ~400 small modules
 * cost about 150 ms of every CLI start (docs/performance.md, "Start-up"). Run by `npm run build` after tsc.
 *
 * Kept outside the bundle, loaded by Node as usual: packages with native code, worker-thread transports or
 * files they read next to themselves (better-sqlite3, dockerode and its ssh2/cpu-features, pino, sh-syntax).
 *
 * `import.meta.url` in a bundled file is rewritten to the URL that file had in dist/, so every path computed
 * from it (package.json, src/guest/files/, runner-images/, createRequire) is the same as unbundled.
 */
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');
const EXTERNAL = ['better-sqlite3', 'dockerode', 'docker-modem', 'ssh2', 'cpu-features', 'pino', 'sh-syntax'];

/** Gives each file of dist/ its own import.meta.url back (see the header). */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /\/dist\/.*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const rel = JSON.stringify(relative(outdir, args.path).split('\\').join('/'));
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${rel}, import.meta.url).href`),
        loader: 'js',
      };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { codelocal: join(dist, 'cli', 'bin.js') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  external: EXTERNAL,
  plugins: [keepModuleUrls],
  // CommonJS packages inside an ES module bundle call require(): give them Node's, resolved from here.
  banner: {
    js: "import { createRequire as __codelocalRequire } from 'node:module';\nconst require = __codelocalRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
