/**
 * The bundled CLI's V8 code cache (src/cli/compile-cache.ts; docs/performance.md, change 14): where it lives,
 * what names it, that a second start uses what the first wrote, that a damaged or foreign cache is never run,
 * and that the CLI prints the same with, without and after a refused cache. Runs the built bin (dist/, made by
 * `npm run build` before the tests) with CODELOCAL_TRACE_START=1, which reports the cache's fate on stderr.
 */
import { execa } from 'execa';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDirectory, cacheName, COMMANDS, KEEP_OTHERS, privateFolder } from '../../../src/cli/compile-cache.js';
import { buildProgram } from '../../../src/cli/main.js';

const BIN = join(process.cwd(), 'dist/bundle/codelocal.js');
const work = mkdtempSync(join(tmpdir(), 'compile-cache-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function start(cacheDir: string, args = ['--version']) {
  const r = await execa('node', [BIN, ...args], {
    reject: false,
    env: { CODELOCAL_COMPILE_CACHE_DIR: cacheDir, CODELOCAL_TRACE_START: '1', NO_COLOR: '1' },
  });
  const outcomes = [...r.stderr.matchAll(/\[start\] compile cache (\w+)/g)].map((m) => m[1]);
  return { exitCode: r.exitCode, stdout: r.stdout, outcomes };
}

const bundleHash = () => /'([0-9a-f]{16})'\);/.exec(readFileSync(BIN, 'utf8'))![1];

describe('where the cache lives', () => {
  it('CODELOCAL_COMPILE_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache; `off` turns it off', () => {
    expect(cacheDirectory({ CODELOCAL_COMPILE_CACHE_DIR: '/x', XDG_CACHE_HOME: '/y', HOME: '/h' })).toBe('/x');
    expect(cacheDirectory({ XDG_CACHE_HOME: '/y', HOME: '/h' })).toBe('/y/codelocal/compile-cache');
    expect(cacheDirectory({ HOME: '/h' })).toBe('/h/.cache/codelocal/compile-cache');
    expect(cacheDirectory({ CODELOCAL_COMPILE_CACHE_DIR: 'off', HOME: '/h' })).toBeUndefined();
  });

  it('is made private (0700), and a folder others can write to is not used: bytecode is code', () => {
    const dir = join(work, 'made', 'here');
    expect(privateFolder(dir)).toBe(dir);
    expect(readdirSync(join(work, 'made'))).toEqual(['here']);
    const shared = join(work, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(privateFolder(shared)).toBeUndefined();
  });
});

describe('what names a cache', () => {
  it('the command, the bundle hash and the Node version', () => {
    expect(cacheName(['build', '.'], 'abc', 'v20.1.0')).toBe(`build-abc-v20.1.0-${process.arch}.v8`);
    // An option's value before the command is not the command.
    expect(cacheName(['-C', 'proj-1', 'pipeline', 'run'], 'abc', 'v20.1.0')).toBe(
      `pipeline-abc-v20.1.0-${process.arch}.v8`,
    );
    // Nothing else names a file: at most one per command, whatever the arguments.
    expect(cacheName(['proj-2'], 'abc', 'v20.1.0')).toBe(`other-abc-v20.1.0-${process.arch}.v8`);
    expect(cacheName(['../../etc/passwd'], 'abc', 'v20.1.0')).toBe(`other-abc-v20.1.0-${process.arch}.v8`);
    expect(cacheName([], 'abc', 'v20.1.0')).toBe(`other-abc-v20.1.0-${process.arch}.v8`);
  });

  it('knows every command the CLI has', () => {
    expect([...COMMANDS].sort()).toEqual(
      buildProgram()
        .commands.map((c) => c.name())
        .sort(),
    );
  });
});

describe('the bin with its cache', () => {
  it('writes the cache on the first start and uses it on the next, printing the same', async () => {
    const dir = join(work, 'cache-a');
    const first = await start(dir);
    expect(first.outcomes).toEqual(['written']);
    expect(readdirSync(dir)).toEqual([`other-${bundleHash()}-${process.version}-${process.arch}.v8`]);
    const second = await start(dir);
    expect(second.outcomes).toEqual(['used']);
    expect(second.stdout).toBe(first.stdout);
    expect(second.exitCode).toBe(0);
    // Another command gets its own cache.
    const help = await start(dir, ['lint', '--help']);
    expect(help.outcomes).toEqual(['written']);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('refuses a damaged cache (V8 checks it), runs as without one, and replaces it', async () => {
    const dir = join(work, 'cache-b');
    await start(dir);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file), Buffer.alloc(4096, 7));
    const damaged = await start(dir);
    expect(damaged.outcomes).toEqual(['rejected', 'written']);
    expect(damaged.exitCode).toBe(0);
    expect(damaged.stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await start(dir)).outcomes).toEqual(['used']);
  });

  it('runs without a cache when the folder is not private, and writes nothing there', async () => {
    const dir = join(work, 'cache-shared');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const r = await start(dir);
    expect(r.outcomes).toEqual(['off']);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readdirSync(dir)).toEqual([]);
    expect((await start('off')).outcomes).toEqual(['off']);
  });

  it(`keeps the ${KEEP_OTHERS} newest caches of other bundles of the same command and removes the rest`, async () => {
    const dir = join(work, 'cache-c');
    mkdirSync(dir, { mode: 0o700 });
    const old = Array.from({ length: KEEP_OTHERS + 2 }, (_, i) => `other-${String(i).padStart(16, '0')}-v0-x.v8`);
    old.forEach((f, i) => {
      writeFileSync(join(dir, f), 'x');
      utimesSync(join(dir, f), 1000 + i, 1000 + i); // the later in the list, the newer
    });
    writeFileSync(join(dir, 'build-0000000000000000-v0-x.v8'), 'x');
    await start(dir);
    expect(readdirSync(dir).sort()).toEqual(
      [
        'build-0000000000000000-v0-x.v8',
        ...old.slice(-KEEP_OTHERS),
        `other-${bundleHash()}-${process.version}-${process.arch}.v8`,
      ].sort(),
    );
  });
});
