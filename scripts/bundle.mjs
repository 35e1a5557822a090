#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/cli/bin.js and everything it imports, npm packages included) into
 * dist/bundle/: the entry codelocal.js plus one chunk per dynamic `import()`, so commands still load lazily.
 * Why: Node 20 has no compile cache for ES modules, and resolving, reading and linking ~350 small ES modules
 * and ~100 CommonJS files cost about 150 ms of every CLI start (docs/performance.md, "Start-up"). Run by
 * `npm run build` after tsc; CODELOCAL_BUNDLE_OUT names another output folder (to compare two bundles).
 *
 * Kept outside the bundle, loaded by Node as usual: native code and files read next to themselves
 * (better-sqlite3, sh-syntax's WebAssembly), and what dockerode needs only for ssh:// engines and BuildKit
 * sessions (ssh2, gRPC, protobufjs): docker-modem/lib/ssh.js and dockerode/lib/session.js become stand-ins
 * that require the real file on first call, as src/runtime/docker/load-dockerode.ts does unbundled.
 *
 * `import.meta.url` in a bundled file is rewritten to the URL that file had in dist/, so every path computed
 * from it (package.json, src/guest/files/, runner-images/, createRequire) is the same as unbundled.
 */
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const outdir = resolve(root, process.env.CODELOCAL_BUNDLE_OUT ?? join(dist, 'bundle'));
const EXTERNAL = ['better-sqlite3', 'sh-syntax', 'ssh2', 'cpu-features', '@grpc/*', 'protobufjs'];
/** What load-dockerode.js does today: defer exactly these two modules, then require dockerode. */
const KNOWN_LOADER = [
  "deferFunctionModule('./ssh.js', modemMain);",
  "deferFunctionModule('./session.js', dockerodeMain);",
  "cached = require('dockerode');",
];
/** Modules that only ever get called (never inspected) and load heavy packages at their top: deferred. */
const DEFERRED = /node_modules\/(docker-modem\/lib\/ssh|dockerode\/lib\/session)\.js$/;

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

/**
 * dockerode from the bundle: load-dockerode.js's require-cache stand-ins become build-time ones (DEFERRED),
 * and the module itself a plain import, so esbuild can see and bundle dockerode.
 */
const bundledDockerode = {
  name: 'bundled-dockerode',
  setup(b) {
    b.onLoad({ filter: /\/dist\/runtime\/docker\/load-dockerode\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // Only the loader this stand-in was written for: a changed one is kept as it is (dockerode then
      // loads from node_modules at run time, unbundled, exactly as without the bundle) and said so.
      if (!KNOWN_LOADER.every((marker) => text.includes(marker))) {
        console.warn('bundle: load-dockerode.js changed; dockerode stays outside the bundle');
        return undefined;
      }
      return {
        contents: "import Dockerode from 'dockerode';\nexport function loadDockerode() {\n  return Dockerode;\n}\n",
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
    // A package specifier (not this machine's path), held in a variable so esbuild leaves the require to Node.
    b.onLoad({ filter: DEFERRED }, (args) => ({
      contents: [
        `const id = ${JSON.stringify(args.path.replace(/^.*\/node_modules\//, ''))};`,
        'let real;',
        'module.exports = function (...args) {',
        '  real ??= require(id);',
        '  return real.apply(this, args);',
        '};',
      ].join('\n'),
      loader: 'js',
    }));
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
  plugins: [bundledDockerode, keepModuleUrls],
  // CommonJS packages inside an ES module bundle call require(): give them Node's, resolved from here.
  banner: {
    js: "import { createRequire as __codelocalRequire } from 'node:module';\nconst require = __codelocalRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
