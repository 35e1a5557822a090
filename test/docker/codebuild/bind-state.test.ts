/**
 * `build -m` (bind mount) keeps the state folder and the stub file out of the build's reach (issue 17):
 * with both inside the bound folder, the build sees an empty read-only `.codelocal/` and an empty
 * read-only stub file, cannot rewrite history or stubs, and its `**\/*` artifact holds no state file.
 */
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const STUBS = 'secrets:\n  app/token: s3cr3tv4lue\n';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SPEC = `version: 0.2
phases:
  build:
    commands:
      - ls -A .codelocal | wc -l > seen-count.txt
      - cat codelocal.stubs.yml > seen-stubs.txt
      - (echo pwned > .codelocal/executions.db) 2>/dev/null && echo WROTE-STATE || echo state-is-read-only
      - (echo pwned > codelocal.stubs.yml) 2>/dev/null && echo WROTE-STUBS || echo stubs-are-read-only
      - (mkdir .codelocal/s3/x) 2>/dev/null && echo WROTE-S3 || echo s3-is-read-only
artifacts:
  files:
    - '**/*'
`;

async function zipList(path: string): Promise<string[]> {
  const r = await execa('python3', [
    '-c',
    'import sys,zipfile; print("\\n".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))',
    path,
  ]);
  return r.stdout.split('\n').filter(Boolean);
}

describeDocker('build -m: the state folder and stub file are out of reach', () => {
  it('the build reads nothing of them, writes nothing to them, and its **/* artifact holds none of them', async () => {
    const src = mkdtempSync(join(tmpdir(), 'codelocal-bind-'));
    dirs.push(src);
    writeFileSync(join(src, 'buildspec.yml'), SPEC);
    writeFileSync(join(src, 'codelocal.stubs.yml'), STUBS);
    // Twice: the second build runs with a history and a local S3 store already in .codelocal/.
    for (let i = 0; i < 2; i++) {
      const r = await execa('node', [CLI, 'build', src, '-m', '--json'], {
        reject: false,
        stdin: 'ignore',
        env: { NO_COLOR: '1' },
      });
      expect(r.exitCode, r.stderr).toBe(0);
      const { build } = JSON.parse(r.stdout) as { build: { buildStatus: string; artifacts?: { localPath?: string } } };
      expect(build.buildStatus).toBe('SUCCEEDED');
      expect(r.stderr).toContain('state-is-read-only');
      expect(r.stderr).toContain('stubs-are-read-only');
      expect(r.stderr).toContain('s3-is-read-only');
      expect(r.stderr).not.toMatch(/^WROTE-/m);
      expect(readFileSync(join(src, 'seen-count.txt'), 'utf8').trim()).toBe('0');
      expect(readFileSync(join(src, 'seen-stubs.txt'), 'utf8')).toBe('');
      expect(readFileSync(join(src, 'codelocal.stubs.yml'), 'utf8')).toBe(STUBS);
      const files = await zipList(build.artifacts!.localPath!);
      expect(files).toContain('buildspec.yml');
      expect(files.filter((f) => f.startsWith('.codelocal/') || f === 'codelocal.stubs.yml')).toEqual([]);
    }
    // The history the build could not touch holds both builds.
    const db = new Database(join(src, '.codelocal', 'executions.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM builds').get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  }, 120_000);
});
