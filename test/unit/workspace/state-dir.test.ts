import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDirName, diskFree, StateDir } from '../../../src/workspace/state-dir.js';
import { findProjectRoot } from '../../../src/workspace/project-root.js';
import { useTempDirs } from '../stores/helpers.js';

describe('state folder', () => {
  const tmp = useTempDirs();

  it('finds the project root by .git or codelocal.yml, else uses the start folder', () => {
    const root = tmp();
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    expect(findProjectRoot(join(root, 'a', 'b'))).toBe(root);

    const other = tmp();
    mkdirSync(join(other, 'sub', 'deep'), { recursive: true });
    writeFileSync(join(other, 'sub', 'codelocal.yml'), '');
    expect(findProjectRoot(join(other, 'sub', 'deep'))).toBe(join(other, 'sub'));

    const bare = tmp();
    // tmpdir itself has no .git above it in any sane environment
    expect(findProjectRoot(bare)).toBe(bare);
  });

  it('precedence: flag > CODELOCAL_STATE_DIR > config > default', () => {
    const root = '/p';
    const env = { CODELOCAL_STATE_DIR: '/e' };
    expect(StateDir.resolve({ projectRoot: root, flag: '/f', env, config: 'c' }).root).toBe('/f');
    expect(StateDir.resolve({ projectRoot: root, env, config: 'c' })).toMatchObject({ root: '/e', source: 'env' });
    expect(StateDir.resolve({ projectRoot: root, env: {}, config: 'c' })).toMatchObject({
      root: '/p/c',
      source: 'config',
    });
    expect(StateDir.resolve({ projectRoot: root, env: {} })).toMatchObject({
      root: '/p/.codelocal',
      source: 'default',
    });
  });

  it('ensure() creates the layout and a .gitignore with *', () => {
    const sd = new StateDir(join(tmp(), '.codelocal')).ensure();
    expect(readFileSync(join(sd.root, '.gitignore'), 'utf8')).toBe('*\n');
    expect(sd.exists()).toBe(true);
    expect(sd.buildLogPath('proj:1234-abcd')).toBe(join(sd.root, 'builds', 'proj_1234-abcd', 'build.log'));
    expect(buildDirName('a:b/c')).toBe('a_b_c');
    sd.ensure(); // idempotent
  });

  it('diskFree reports space for a path that does not exist yet', async () => {
    const d = await diskFree(join(tmp(), 'not', 'yet'));
    expect(d.totalBytes).toBeGreaterThan(0);
    expect(d.freeBytes).toBeGreaterThanOrEqual(0);
  });
});
