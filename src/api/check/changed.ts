/**
 * `--changed-since REF`: which items a change touches. Changed files are those of `git diff REF...HEAD`
 * (what the branch changed since it left REF, as a pull request shows it) plus uncommitted changes
 * (staged, unstaged and untracked files), so a local run and the CI run of the same commit agree.
 * An item is picked when its own file changed, when a file it depends on changed (the project
 * definition that runs a buildspec, a pipeline naming that project) or, for a buildspec, when
 * anything under its source root changed. Paths are compared relative to the folder check ran in.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError } from '../../errors.js';
import { sourceRootRel } from './inventory.js';
import type { CheckItem } from './types.js';

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; code?: string };
    const why = err.code === 'ENOENT' ? 'git is not installed' : (err.stderr ?? String(e)).trim().split('\n')[0];
    throw new InputError('GIT_FAILED', `--changed-since: git ${args.join(' ')} failed in ${cwd}: ${why}`, {
      details: ['run check inside a git work tree, with REF fetched (CI checkouts are often shallow: fetch-depth: 0)'],
    });
  }
}

/** Changed paths relative to `cwd`, `/`-separated (paths outside cwd start with `..`). */
export function changedFiles(cwd: string, ref: string): Set<string> {
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const names = [
    ...git(cwd, ['diff', '--name-only', '-z', `${ref}...HEAD`, '--']).split('\0'),
    ...git(cwd, ['diff', '--name-only', '-z', 'HEAD', '--']).split('\0'),
    ...git(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', ':/']).split('\0'),
  ].filter((n) => n !== '');
  const here = realpathSync(cwd);
  return new Set(names.map((n) => relative(here, join(top, n)).split(sep).join('/')));
}

export function isAffected(item: CheckItem, changed: ReadonlySet<string>, cwd: string): boolean {
  if (changed.has(item.file) || item.dependsOn.some((d) => changed.has(d))) return true;
  const root = sourceRootRel(item, cwd);
  if (root === undefined) return false;
  if (root === '') return [...changed].some((c) => !c.startsWith('../'));
  return [...changed].some((c) => c.startsWith(root + '/'));
}
