/**
 * The revision a deployment installs: the action's unpacked input artifact, with appspec.yml at its
 * root. It is checked before use (no link may lead out of the revision folder: the stand-in never
 * reads host files through a revision's symlinks, a project security rule) and kept in the state
 * folder, because a rollback redeploys it later and ApplicationStop runs its scripts next time.
 */
import { cpSync, existsSync, lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { InputError } from '../../errors.js';
import { parseAppSpec } from './appspec.js';
import type { AppSpec } from './appspec-types.js';

export const APPSPEC_FILE = 'appspec.yml';

export interface Revision {
  /** The folder holding appspec.yml and everything the appspec names. */
  dir: string;
  appspec: AppSpec;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** Throws CODEDEPLOY_REVISION_LINK when a symlink in `dir` resolves outside it (or does not resolve). */
export function checkRevisionLinks(dir: string): void {
  const root = realpathSync(dir);
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(path);
        } catch {
          target = '';
        }
        if (!target || !inside(root, target))
          throw new InputError(
            'CODEDEPLOY_REVISION_LINK',
            `the revision's ${relative(dir, path)} is a link that leads outside the revision; links may only point inside it`,
          );
      } else if (st.isDirectory()) walk(path);
    }
  };
  walk(root);
}

/** Reads a revision folder: links checked, appspec.yml parsed (errors carry its file:line:column). */
export function readRevision(dir: string, label: string): Revision {
  checkRevisionLinks(dir);
  const file = join(dir, APPSPEC_FILE);
  if (!existsSync(file) || !lstatSync(file).isFile()) {
    const alt = existsSync(join(dir, 'appspec.yaml'))
      ? ' (appspec.yaml is there: the file must be named appspec.yml)'
      : '';
    throw new InputError('CODEDEPLOY_APPSPEC_MISSING', `${label} has no appspec.yml at its root${alt}`);
  }
  const appspec = parseAppSpec(readFileSync(file, 'utf8'), `${label}/${APPSPEC_FILE}`);
  for (const event of Object.values(appspec.hooks))
    for (const h of event ?? []) {
      const path = resolve(dir, h.location);
      if (!inside(resolve(dir), path) || !existsSync(path))
        throw new InputError('CODEDEPLOY_APPSPEC_INVALID', `hook script ${h.location} is not in the revision`, {
          position: h.position,
        });
    }
  for (const f of appspec.files) {
    const path = resolve(dir, f.source.replace(/^\/+/, ''));
    if (!inside(resolve(dir), path) || !existsSync(path))
      throw new InputError('CODEDEPLOY_APPSPEC_INVALID', `files source ${f.source} is not in the revision`, {
        position: f.position,
      });
  }
  return { dir, appspec };
}

/** Keeps a copy of the revision in `target` (links copied as links: they were checked to stay inside). */
export function keepRevision(revisionDir: string, target: string): void {
  cpSync(revisionDir, target, { recursive: true, verbatimSymlinks: true });
}
