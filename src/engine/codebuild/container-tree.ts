/**
 * Walking a folder tree of the build, entry by entry, without ever holding it whole: either out of
 * the container (`getArchive` tar streams) or, when the source is bind-mounted, straight from the
 * host folder. Artifacts, reports and the cache all select from these walks.
 */
import { createReadStream, existsSync } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { walkTar, type TreeEntry, type TreeEntryType, type TreeVisitor } from '../../archive/index.js';
import type { Container } from '../../runtime/index.js';

export type { TreeEntry, TreeEntryType, TreeVisitor };

/** dockerode reports a missing path as an error with `statusCode: 404`. */
export function isMissingPathError(e: unknown): boolean {
  return (e as { statusCode?: number } | undefined)?.statusCode === 404;
}

/** True when `path` exists in the container (the archive stream is opened and dropped unread). */
export async function containerPathExists(container: Container, path: string): Promise<boolean> {
  try {
    const stream = await container.getArchive(path);
    stream.destroy();
    return true;
  } catch (e) {
    if (isMissingPathError(e)) return false;
    throw e;
  }
}

/**
 * Streams `root` (absolute) out of the container and visits each entry with its absolute path.
 * Returns false when the path does not exist. Entries not consumed by the visitor are drained.
 */
export async function walkContainerPath(container: Container, root: string, visit: TreeVisitor): Promise<boolean> {
  let stream: Readable;
  try {
    stream = await container.getArchive(root);
  } catch (e) {
    if (isMissingPathError(e)) return false;
    throw e;
  }
  // The archive's top entry is the last element of `root`; its parent turns names back into paths.
  const parent = posix.dirname(root);
  try {
    await walkTar(stream, parent, visit);
  } finally {
    // An early stop (a visitor threw) must not leave the engine's response open.
    stream.destroy();
  }
  return true;
}

/**
 * The same walk over a host folder that is bind-mounted at `containerRoot`: entries carry container
 * paths so callers cannot tell the two apart. Symlinks are reported, never followed. `hidden` host
 * paths (covered in the container) are left out with what they hold.
 */
export async function walkHostPath(
  hostRoot: string,
  containerRoot: string,
  visit: TreeVisitor,
  hidden: readonly string[] = [],
): Promise<boolean> {
  const st = await lstat(hostRoot).catch(() => undefined);
  if (!st) return false;
  const walk = async (host: string, path: string): Promise<void> => {
    // What the container cannot see (the state folder, stub files) is not offered either.
    if (hidden.includes(host)) return;
    const s = await lstat(host);
    const base = { path, mode: s.mode & 0o7777, mtime: s.mtime, size: s.size, uid: s.uid, gid: s.gid };
    if (s.isSymbolicLink()) {
      await visit({ ...base, type: 'symlink', linkname: await readlink(host) });
    } else if (s.isDirectory()) {
      await visit({ ...base, type: 'dir' });
      for (const name of (await readdir(host)).sort()) await walk(join(host, name), posix.join(path, name));
    } else if (s.isFile()) {
      await visit({ ...base, type: 'file', open: () => createReadStream(host) });
    } else {
      await visit({ ...base, type: 'other' });
    }
  };
  await walk(hostRoot, containerRoot);
  return true;
}

/** Host path of a container path under a bind-mounted folder. */
export function hostPathOf(hostRoot: string, containerRoot: string, path: string): string {
  const rel = posix.relative(containerRoot, path);
  return rel === '' ? hostRoot : join(hostRoot, ...rel.split('/'));
}

/**
 * Visits only the top entry of `path`'s archive (the path itself) and drops the rest unread:
 * used to follow a symlink without streaming a whole folder it may point at.
 * Resolves false when the path does not exist.
 */
export async function visitContainerPathItself(
  container: Container,
  path: string,
  visit: TreeVisitor,
): Promise<boolean> {
  let first = true;
  const stop = new Error('stop after the first entry');
  try {
    return await walkContainerPath(container, path, async (entry) => {
      if (!first) throw stop;
      first = false;
      await visit(entry);
    });
  } catch (e) {
    if (e === stop) return true;
    throw e;
  }
}

/** Whether a container path under CODEBUILD_SRC_DIR exists, asking the host folder when bind-mounted. */
export async function sourcePathExists(
  container: Container,
  srcDir: string,
  hostSrcDir: string | undefined,
  path: string,
): Promise<boolean> {
  return hostSrcDir ? existsSync(hostPathOf(hostSrcDir, srcDir, path)) : containerPathExists(container, path);
}
