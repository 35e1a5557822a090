/**
 * The read side of the safe-path rule (issue 17, docs/security.md): a file named inside a folder
 * (an unpacked artifact, a source folder, a folder being zipped or uploaded) is read only when its
 * real path, every link resolved, stays inside that folder's real path. Unpacked archives keep
 * their links as links (their meaning belongs to the container that gets them), so every host-side
 * reader goes through here instead of following a link to the host's own files.
 */
import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isInside, realPathOf, safeSegments, unsafePath } from './safe-path.js';

/** The real path of `path` when it stays inside `root`'s real path; undefined when it leaves or dangles. */
export function realPathInside(root: string, path: string): string | undefined {
  const realRoot = realPathOf(root) ?? resolve(root);
  const real = realPathOf(path);
  return real !== undefined && isInside(realRoot, real) ? real : undefined;
}

/**
 * `rel` (a `/`-separated path inside `root`, as actions name files in artifacts) resolved for
 * reading: the real path, or undefined when nothing is there. Throws ARCHIVE_UNSAFE_PATH when the
 * name or a link on the way leads out of `root`.
 */
export function resolveInside(root: string, rel: string): string | undefined {
  const segs = safeSegments(rel, 'read');
  const lexical = join(resolve(root), ...segs);
  let exists = true;
  try {
    lstatSync(lexical);
  } catch {
    exists = false;
  }
  if (!exists) return undefined;
  const real = realPathInside(root, lexical);
  if (real === undefined) {
    if (realPathOf(lexical) === undefined) return undefined; // a dangling link reads as missing
    throw unsafePath(rel, 'a symbolic link leads outside the folder', 'read');
  }
  return real;
}

/** Where to read `rel` inside `root`: its real path, or where it would be when it is missing. */
export function pathInside(root: string, rel: string): string {
  return resolveInside(root, rel) ?? join(resolve(root), ...safeSegments(rel, 'read'));
}

/** The text of `rel` inside `root`, or undefined when missing (see resolveInside for what is refused). */
export function readTextInside(root: string, rel: string): string | undefined {
  const real = resolveInside(root, rel);
  return real === undefined ? undefined : readFileSync(real, 'utf8');
}

/**
 * True when `path` is lexically inside `root` but a link makes its real path leave it: readers
 * that accept a path from outside too (a buildspec named by absolute path) refuse only these.
 */
export function escapesThroughLink(root: string, path: string): boolean {
  const abs = resolve(root, path);
  if (!isInside(resolve(root), abs) || realPathOf(abs) === undefined) return false;
  return realPathInside(root, abs) === undefined;
}

/** Throws ARCHIVE_UNSAFE_PATH when `path`, named inside `root`, leads out of it through a link. */
export function assertNoLinkEscape(root: string, path: string): void {
  if (escapesThroughLink(root, path)) throw unsafePath(path, 'a symbolic link leads outside the folder', 'read');
}

/** A regular file found under a folder, with the path to read its bytes from. */
export interface FolderFile {
  /** `/`-separated, relative to the folder. */
  path: string;
  /** Real path to read: the file itself, or the file a link inside the folder leads to. */
  file: string;
  mode: number;
}

/**
 * Every file under `root` for an upload that has no links (S3 objects): a link is replaced by
 * the file it leads to when that file is inside `root`; links that leave `root`, dangle or lead to
 * a folder are skipped and reported through `skipped` (CodeBuild leaves such links out too).
 */
export function listFilesInside(root: string, skipped: (path: string, why: string) => void): FolderFile[] {
  const out: FolderFile[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const a = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(a);
      if (st.isDirectory()) walk(a, r);
      else if (st.isFile()) out.push({ path: r, file: a, mode: st.mode & 0o7777 });
      else if (st.isSymbolicLink()) {
        const real = realPathInside(root, a);
        if (real === undefined) skipped(r, realPathOf(a) ? 'its target is outside the folder' : 'dangling link');
        else if (!statSync(real).isFile()) skipped(r, 'link to a folder');
        else out.push({ path: r, file: real, mode: statSync(real).mode & 0o7777 });
      }
    }
  };
  walk(resolve(root), '');
  return out;
}
