/**
 * The bundled CLI (scripts/bundle.mjs → dist/bundle/codelocal.js, the package's `bin`; docs/performance.md
 * "Start-up") must behave exactly as the unbundled dist/cli/main.js: same output, same exit code, for commands
 * that read package.json, the WebAssembly shell parser, buildspecs and pipelines. Also pins the two things the
 * bundle step relies on: every bundled `import.meta.url` is rewritten to its dist/ file's URL, and `bin` names
 * the bundle. Runs the built CLI (dist/, made by `npm run build` before the tests).
 */
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = process.cwd();
const BUNDLE = join(root, 'dist/bundle/codelocal.js');
const MODULES = join(root, 'dist/cli/main.js');
const work = mkdtempSync(join(tmpdir(), 'bundle-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

writeFileSync(
  join(work, 'buildspec.yml'),
  'version: 0.2\nenv:\n  variables:\n    A: "1"\nphases:\n  build:\n    commands:\n      - echo $A\n      - cd /nonexistent; ls\n',
);

async function run(cli: string, args: string[]) {
  const r = await execa('node', [cli, ...args], {
    cwd: work,
    reject: false,
    env: { NO_COLOR: '1', CODELOCAL_STATE_DIR: join(work, '.state') },
  });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  const cases: [string, string[]][] = [
    ['--version (package.json read from main.ts)', ['--version']],
    ['--help', ['--help']],
    ['build --dry-run', ['build', '.', '--dry-run']],
    ['build --dry-run --json', ['build', '.', '--dry-run', '--json']],
    ['lint (package.json from lint.ts, the sh-syntax WebAssembly parser)', ['lint', '.', '--format', 'json']],
    ['an unknown option', ['build', '--no-such-flag']],
  ];
  it.each(cases)('prints what the unbundled modules print: %s', async (_name, args) => {
    const [bundled, modules] = await Promise.all([run(BUNDLE, args), run(MODULES, args)]);
    expect(bundled).toEqual(modules);
  });

  it('is the package bin, and its modules keep their dist/ URLs (import.meta.url rewritten, none left bare)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin.codelocal).toBe('dist/bundle/codelocal.js');
    // The bin only starts dist/bundle/cli.cjs, the one CommonJS file a V8 code cache can hold (scripts/bundle.mjs).
    const start = readFileSync(join(root, 'dist/bundle/codelocal.js'), 'utf8');
    expect(start).toMatch(/import \{ runBundle \} from "\.\.\/cli\/compile-cache\.js";/);
    expect(start).toMatch(/runBundle\(new URL\('\.\/cli\.cjs', import\.meta\.url\), '[0-9a-f]{16}'\);/);
    expect(readdirSync(join(root, 'dist/bundle')).sort()).toEqual(['cli.cjs', 'codelocal.js']);
    const text = readFileSync(join(root, 'dist/bundle/cli.cjs'), 'utf8');
    expect(text).not.toContain('import.meta');
    const rewritten = text.match(/new URL\("\.\.\/[^"]+\.js",__codelocalUrl\)\.href/g)?.length ?? 0;
    expect(rewritten).toBeGreaterThan(0);
  });

  it('bundles dockerode but leaves ssh2 and gRPC to a require by package name on first use (scripts/bundle.mjs)', () => {
    const text = readFileSync(join(root, 'dist/bundle/cli.cjs'), 'utf8');
    for (const id of ['docker-modem/lib/ssh.js', 'dockerode/lib/session.js']) {
      // The stand-in names the module by package, never by this machine's path, and requires it at run time.
      expect(text).toContain(`var id="${id}",real;`);
    }
    expect(text.match(/real\?\?=require\(id\)/g)).toHaveLength(2);
    expect(text).not.toMatch(/require\(["']ssh2["']\)|require\(["']@grpc\/grpc-js["']\)/);
  });
});
