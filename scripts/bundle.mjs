#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/cli/bin.js and everything it imports, npm packages included) into one
 * CommonJS file, dist/bundle/cli.cjs, and writes the package's `bin`, dist/bundle/codelocal.js: a two-line
 * start that runs cli.cjs through src/cli/compile-cache.ts with a V8 code cache.
 * Why one CommonJS file: Node 20 has no compile cache for ES modules, and resolving, reading and linking ~350
 * small ES modules and ~100 CommonJS files cost about 150 ms of every CLI start (docs/performance.md,
 * "Start-up"); a split ES module bundle still compiled 1.7 MB at every start (change 14). A script compiled
 * through node:vm takes V8's cached bytecode, so a start reads the previous run's compiled functions instead.
 * `import()` of a bundled module becomes a lazy initialiser in the one file: commands still evaluate lazily.
 * Run by `npm run build` after tsc; CODELOCAL_BUNDLE_OUT names another output folder (to compare two bundles).
 *
 * Kept outside the bundle, loaded by Node as usual: native code and files read next to themselves
 * (better-sqlite3, sh-syntax's WebAssembly), and what dockerode needs only for ssh:// engines and BuildKit
 * sessions (ssh2, gRPC, protobufjs): docker-modem/lib/ssh.js and dockerode/lib/session.js become stand-ins
 * that require the real file on first call, as src/runtime/docker/load-dockerode.ts does unbundled.
 *
 * `import.meta.url` in a bundled file is rewritten to the URL that file had in dist/ (relative to the bundle's
 * own URL), so every path computed from it (package.json, src/guest/files/, runner-images/, createRequire) is
 * the same as unbundled.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
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
        contents: text.replaceAll('import.meta.url', `new URL(${rel}, __codelocalUrl).href`),
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
  entryPoints: { cli: join(dist, 'cli', 'bin.js') },
  bundle: true,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  target: 'node20',
  outdir,
  external: EXTERNAL,
  plugins: [bundledDockerode, keepModuleUrls],
  // Strict, as the ES modules it was made of were; then the bundle's own URL, which import.meta.url becomes.
  banner: { js: `"use strict";\nconst __codelocalUrl = require('node:url').pathToFileURL(__filename).href;` },
  // Less text to read and hash at every start (7 MB/s of UTF-8 decoding here), the same names in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

// The bin: the bundle's content hash names its code caches, so a changed bundle never runs old bytecode.
const bundle = await readFile(join(outdir, 'cli.cjs'));
// compile-cache.ts reads the bundle as latin1 (no UTF-8 decoding at every start): it must stay ASCII, as esbuild's
// default charset writes it.
const wide = bundle.findIndex((b) => b > 0x7f);
if (wide >= 0) throw new Error(`bundle: cli.cjs has a non-ASCII byte at offset ${wide}; keep esbuild's charset ASCII`);
const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
const start = join(outdir, 'codelocal.js');
const loader = JSON.stringify(
  relative(outdir, join(dist, 'cli', 'compile-cache.js'))
    .split('\\')
    .join('/'),
);
await writeFile(
  start,
  [
    '#!/usr/bin/env node',
    '// Written by scripts/bundle.mjs: runs cli.cjs (the bundled CLI) with its V8 code cache (src/cli/compile-cache.ts).',
    `import { runBundle } from ${loader};`,
    `runBundle(new URL('./cli.cjs', import.meta.url), '${hash}');`,
    '',
  ].join('\n'),
);
await chmod(start, 0o755);
