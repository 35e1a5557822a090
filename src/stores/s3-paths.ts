/**
 * Buckets and keys as a file tree for the local S3 store: which names can be paths, the conflict when a key
 * is both an object and a prefix, listing and pruning folders. Plain file-system helpers, no store state.
 */
import { mkdirSync, readdirSync, type Dirent, type Stats } from 'node:fs';
import { readdir, rmdir, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { InputError } from '../errors.js';

export function validBucket(bucket: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(bucket) && !bucket.includes('..');
}

/**
 * S3 keys may hold anything; a file tree may not. Keys that cannot be a relative file path
 * (empty segments, `.`/`..`, trailing `/` folder markers) are refused rather than mangled.
 */
export function checkKey(key: string): void {
  const segs = key.split('/');
  if (key === '' || key.includes('\0') || segs.some((s) => s === '' || s === '.' || s === '..') || key.includes('\\')) {
    throw new InputError('S3_KEY_UNSUPPORTED', `the local S3 store cannot hold the key "${key}"`, {
      details: ['keys must be relative paths without empty, "." or ".." segments and without a trailing "/"'],
    });
  }
}

export function checkBucket(bucket: string): void {
  if (!validBucket(bucket)) throw new InputError('S3_BUCKET_INVALID', `invalid bucket name "${bucket}"`);
}

export function keyConflict(bucket: string, key: string): InputError {
  return new InputError(
    'S3_KEY_CONFLICT',
    `s3://${bucket}/${key} cannot be stored locally: a key is both an object and a prefix of another object`,
  );
}

export function mkdirOrConflict(dir: string, bucket: string, key: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw keyConflict(bucket, key);
    throw e;
  }
}

export function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

export async function walk(dir: string, rel: string, visit: (key: string, st: Stats) => Promise<void>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    const key = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      await walk(full, key, visit);
    } else if (e.isFile() || e.isSymbolicLink()) {
      // A symlink dropped in by hand counts when it points at a file; loops and dangling links do not.
      try {
        const st = await stat(full);
        if (st.isFile()) await visit(key, st);
      } catch {
        /* dangling link */
      }
    }
  }
}

export async function pruneEmpty(dir: string, stopAt: string): Promise<void> {
  let d = dir;
  while (d.length > stopAt.length && d.startsWith(stopAt + sep)) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
    d = dirname(d);
  }
}
