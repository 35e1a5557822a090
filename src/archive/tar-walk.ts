/**
 * A folder tree read entry by entry from a tar stream (a container's getArchive), typed for the
 * build's walkers: artifacts, reports and the cache select from these entries. Links are reported,
 * never followed.
 */
import { posix } from 'node:path';
import { iterateTar } from './tar-extract.js';

export type TreeEntryType = 'file' | 'symlink' | 'dir' | 'hardlink' | 'other';

export interface TreeEntry {
  /** Absolute path inside the container. */
  path: string;
  type: TreeEntryType;
  mode: number;
  mtime?: Date;
  size: number;
  /** Symlink target as stored; for hardlinks, the absolute container path linked to. */
  linkname?: string;
  uid?: number;
  gid?: number;
  /** The content, for files: call at most once, and consume it before the visitor returns. */
  open?: () => NodeJS.ReadableStream;
}

/** Visits an entry; return after the content it opened is fully consumed. */
export type TreeVisitor = (entry: TreeEntry) => Promise<void>;

const TYPES: Record<string, TreeEntryType> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'dir',
  symlink: 'symlink',
  link: 'hardlink',
};

/** Visits every entry of a tar whose names are relative to `parent` (an absolute path). */
export async function walkTar(stream: NodeJS.ReadableStream, parent: string, visit: TreeVisitor): Promise<void> {
  for await (const { header: h, body } of iterateTar(stream)) {
    const path = posix.join(parent, h.name.replace(/\/+$/, ''));
    const type = TYPES[String(h.type)] ?? 'other';
    const entry: TreeEntry = {
      path,
      type,
      mode: h.mode ?? 0o644,
      mtime: h.mtime,
      size: h.size ?? 0,
      uid: h.uid,
      gid: h.gid,
      ...(h.type === 'symlink' ? { linkname: h.linkname ?? '' } : {}),
      ...(h.type === 'link' ? { linkname: posix.join(parent, (h.linkname ?? '').replace(/\/+$/, '')) } : {}),
      ...(type === 'file' ? { open: () => body } : {}),
    };
    await visit(entry);
  }
}
