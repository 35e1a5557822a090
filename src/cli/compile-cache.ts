/**
 * Runs the bundled CLI (scripts/bundle.mjs → dist/bundle/cli.cjs) with a V8 code cache, so a start does not
 * parse and compile the same 2.5 MB of JavaScript again (docs/performance.md, change 14). Node 20 has no
 * compile cache for ES modules (module.enableCompileCache is Node 22), but a CommonJS script compiled through
 * `vm.Script` takes V8's `cachedData`: the bytecode of every function the previous run of the same command
 * compiled. The cache is written once, when a run had none (or V8 refused it: another Node, other flags), as
 * the process exits; later starts only read it.
 *
 * Where: CODELOCAL_COMPILE_CACHE_DIR, else $XDG_CACHE_HOME/codelocal/compile-cache, else
 * ~/.cache/codelocal/compile-cache; `off` turns it off. Bytecode is code, so the folder must be this user's
 * and writable by nobody else, or it is not used. A file is named after the command, the bundle's content
 * hash (V8 itself only checks the source's length) and the Node version, so a new bundle never runs old
 * bytecode. Nothing here may fail the CLI: any error means "no cache".
 */
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export type CacheOutcome = 'used' | 'written' | 'rejected' | 'off';

/** The cache folder, or undefined when caching is off or no home is known. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.CODELOCAL_COMPILE_CACHE_DIR;
  if (set === 'off') return undefined;
  if (set) return set;
  const home = env.HOME || safeHomedir();
  const base = env.XDG_CACHE_HOME || (home ? join(home, '.cache') : undefined);
  return base ? join(base, 'codelocal', 'compile-cache') : undefined;
}

function safeHomedir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

/** The CLI's commands (src/cli/commands/; a unit test compares the two lists). */
export const COMMANDS: readonly string[] = [
  'build',
  'attach',
  'resume',
  'clean',
  'batch',
  'images',
  'pipeline',
  'executions',
  'ui',
  'events',
  'lint',
  'check',
  'doctor',
];

/**
 * One cache per command, since each compiles different code: the first argument that names one. Anything else
 * (`--version`, `--help`, a typo) shares `other`, so the folder holds at most one file per command.
 */
export function cacheName(argv: readonly string[], bundleHash: string, nodeVersion = process.version): string {
  const command = argv.find((a) => COMMANDS.includes(a)) ?? 'other';
  return `${command}-${bundleHash}-${nodeVersion}-${process.arch}.v8`;
}

/** The folder, created if needed, when only this user can write to it; undefined otherwise. */
export function privateFolder(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    // A folder that cannot take the cache (a read-only home) would cost every start a useless serialisation.
    accessSync(dir, constants.W_OK);
    return dir;
  } catch {
    return undefined;
  }
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache beside its final name and renames it in (two first runs at once both end whole). */
function writeCache(dir: string, name: string, data: Buffer): void {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
  // Older bundles' and other Node versions' caches of the same command: the newest few stay (two checkouts
  // used in turn would otherwise rewrite each other's cache at every start), the rest go.
  const command = name.slice(0, name.indexOf('-'));
  const others = readdirSync(dir)
    .filter((f) => f !== name && f.startsWith(`${command}-`) && f.endsWith('.v8'))
    .map((f) => ({ f, mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { f } of others.slice(KEEP_OTHERS)) unlinkSync(join(dir, f));
}

/** How many caches of one command besides the one just written are kept. */
export const KEEP_OTHERS = 3;

export interface RunBundleOptions {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Told what happened to the cache (for tests and CODELOCAL_TRACE_START). */
  onOutcome?: (outcome: CacheOutcome) => void;
}

/** Compiles and runs the CommonJS bundle at `bundleUrl` as Node would, with the code cache of this command. */
export function runBundle(bundleUrl: URL, bundleHash: string, options: RunBundleOptions = {}): void {
  const env = options.env ?? process.env;
  const filename = fileURLToPath(bundleUrl);
  const dir = cacheDirectory(env);
  const folder = dir === undefined ? undefined : privateFolder(dir);
  const name = cacheName(options.argv ?? process.argv.slice(2), bundleHash);
  const cachedData = folder === undefined ? undefined : readCache(join(folder, name));
  // The bundle is ASCII (esbuild escapes the rest; scripts/bundle.mjs refuses a bundle that is not), so it is
  // read as latin1, which skips UTF-8 decoding. Its shebang line is not JavaScript once wrapped in a function.
  const source = readFileSync(filename, 'latin1').replace(/^#!.*/, '');
  const script = new vm.Script(Module.wrap(source), {
    filename,
    cachedData,
    ...dynamicImport(),
  });
  const tell = (outcome: CacheOutcome) => {
    options.onOutcome?.(outcome);
    if (env.CODELOCAL_TRACE_START) process.stderr.write(`[start] compile cache ${outcome}\n`);
  };
  if (folder === undefined) tell('off');
  else if (cachedData && !script.cachedDataRejected) tell('used');
  else {
    if (cachedData) tell('rejected');
    // At exit the cache holds every function this run compiled, not only the top level.
    process.once('exit', () => {
      try {
        writeCache(folder, name, script.createCachedData());
        tell('written');
      } catch {
        // A full disk or a read-only home: the next start compiles again, as without a cache.
      }
    });
  }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const mod = new Module(filename);
  mod.filename = filename;
  mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(dirname(filename));
  const require = createRequire(filename);
  wrapper.call(mod.exports, mod.exports, require, mod, filename, dirname(filename));
}

/** `import()` inside the bundle resolves as in any module (vm's constant exists from Node 20.12 / 21.7). */
function dynamicImport(): Pick<vm.ScriptOptions, 'importModuleDynamically'> {
  const constant = (vm.constants as typeof vm.constants | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  return constant === undefined ? {} : { importModuleDynamically: constant };
}
