/**
 * The one safe-path rule for everything archive-shaped (zip and tar, written and read), with one
 * error code, so a path that would climb out of its folder is refused the same way everywhere:
 * absolute paths (and drive letters), `..` segments, backslashes in stored names, and writes or
 * reads that pass through a symbolic link to somewhere else. docs/security.md explains the rule.
 */
import { lstatSync, mkdirSync, realpathSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/** The single error code of a path that would leave its folder. */
export const UNSAFE_PATH = 'ARCHIVE_UNSAFE_PATH';

export function unsafePath(name: string, why: string, doing = 'extract'): InputError {
  return new InputError(UNSAFE_PATH, `refusing to ${doing} "${name}": ${why}`);
}

/** True when `path` is `root` or below it (both absolute, lexically). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The segments of an archive entry name or a path named inside a folder; `.` and empty segments
 * are dropped. Refuses absolute paths, drive letters, backslashes and `..`.
 */
export function safeSegments(name: string, doing = 'extract'): string[] {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw unsafePath(name, 'absolute path', doing);
  if (name.includes('\\')) throw unsafePath(name, 'backslash in path', doing);
  const segs = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segs.includes('..')) throw unsafePath(name, 'path contains ".."', doing);
  return segs;
}

/** The stored name of a zip entry being written: `/`-separated, relative, without `..`. */
export function zipNameOf(p: string): string {
  const clean = p.replace(/\\/g, '/').replace(/^\.\//, '');
  if (clean === '' || clean.startsWith('/') || clean.split('/').includes('..')) {
    throw unsafePath(p, 'paths must be relative without ".."', 'put in a zip');
  }
  return clean;
}

/** realpath, or undefined when the path (or a link on the way) does not resolve. */
export function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Creates the folders of an entry below `root`, one segment at a time, refusing any existing
 * segment that is a link or not a folder: nothing is ever written through a link (link-then-file).
 * Segments already checked are remembered (archives repeat their folders).
 */
export class FolderMaker {
  private readonly checked: Set<string>;
  constructor(readonly root: string) {
    this.checked = new Set([root]);
  }
  ensure(segs: readonly string[], name: string): string {
    let cur = this.root;
    for (const seg of segs) {
      cur = join(cur, seg);
      if (this.checked.has(cur)) continue;
      let st: Stats | undefined;
      try {
        st = lstatSync(cur);
      } catch {
        st = undefined;
      }
      if (st?.isSymbolicLink()) throw unsafePath(name, `${cur} is a symlink`);
      if (st && !st.isDirectory()) throw unsafePath(name, `${cur} is not a folder`);
      if (!st) mkdirSync(cur);
      this.checked.add(cur);
    }
    return cur;
  }
}

/** `root` + segments, checked once more to be strictly below `root`. */
export function targetOf(root: string, parent: string, last: string, name: string): string {
  const target = join(parent, last);
  if (!target.startsWith(resolve(root) + sep)) throw unsafePath(name, 'outside the destination');
  return target;
}
