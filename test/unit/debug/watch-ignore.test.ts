import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IgnoreRules } from '../../../src/api/watch-source.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-watch-'));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

describe('--watch: which changes count', () => {
  it('honours .gitignore (nested too) and .codelocalignore like the source copy', () => {
    const dir = tree({
      '.gitignore': 'node_modules/\n*.log\n',
      'pkg/.gitignore': 'dist\n',
      '.codelocalignore': 'tmp/\n',
      'pkg/dist/a.js': '',
      'src/a.ts': '',
    });
    const rules = new IgnoreRules(dir);
    expect(rules.ignored('src/a.ts')).toBe(false);
    expect(rules.ignored('node_modules/x/index.js')).toBe(true);
    expect(rules.ignored('src/debug.log')).toBe(true);
    expect(rules.ignored('pkg/dist/a.js')).toBe(true);
    expect(rules.ignored('pkg/dist')).toBe(true);
    expect(rules.ignored('dist/a.js')).toBe(false); // pkg/.gitignore applies below pkg only
    expect(rules.ignored('tmp/x')).toBe(true);
  });

  it('never counts .git, the state folder, or excluded output folders', () => {
    const dir = tree({ 'a.txt': '' });
    const rules = new IgnoreRules(dir, ['out/artifacts']);
    expect(rules.ignored('.git/index')).toBe(true);
    expect(rules.ignored('.codelocal/builds/x/build.log')).toBe(true);
    expect(rules.ignored('out/artifacts/app.zip')).toBe(true);
    expect(rules.ignored('out/other')).toBe(false);
  });

  it('reads ignore files again after they change', () => {
    const dir = tree({ 'a.txt': '' });
    const rules = new IgnoreRules(dir);
    expect(rules.ignored('a.txt')).toBe(false);
    writeFileSync(join(dir, '.gitignore'), 'a.txt\n');
    expect(rules.ignored('.gitignore')).toBe(false);
    expect(rules.ignored('a.txt')).toBe(true);
  });
});
