/**
 * Which project a folder belongs to: its codelocal.yml, stubs and state folder are looked up there.
 * Pipelines and builds started from a subfolder must find the same root as from the top.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILES } from './config.js';

/**
 * Nearest folder upward (from `start`) holding `.git` or a codelocal config file; `start` itself
 * when none does, so a bare folder still works.
 */
export function findProjectRoot(start: string = process.cwd()): string {
  const from = resolve(start);
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, '.git')) || CONFIG_FILES.some((n) => existsSync(join(dir, n)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}
