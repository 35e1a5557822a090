/**
 * Writing a zip from files on disk (artifacts, source zips), streamed: yazl opens one file at a
 * time, never the whole archive in memory, because artifacts reach hundreds of MB.
 *
 * Links: with `symlinks: true` a link is stored as a link (CodeBuild `enable-symlinks: yes`).
 * Otherwise the file it leads to is stored, but only when that file's real path is inside the
 * folder being zipped (`root`); other links are left out and listed in `skipped` (docs/security.md).
 */
import { createWriteStream, lstatSync, readlinkSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import './zip-crc.js';
import { zipNameOf } from './safe-path.js';
import { realPathInside } from './safe-read.js';
import { S_IFDIR, S_IFLNK, S_IFREG } from './zip-format.js';

export type ZipEntry =
  /** A file on disk. When it is a symlink, `symlinks: true` stores the link, otherwise its content. */
  | { path: string; file: string; mode?: number }
  /** A symlink given directly by its target. */
  | { path: string; symlinkTarget: string }
  /** An explicit (possibly empty) directory. */
  | { path: string; directory: true; mode?: number };

export interface CreateZipOptions {
  /** Store symlinks as links (CodeBuild `enable-symlinks: yes`); default follows them inside `root`. */
  symlinks?: boolean;
  /** The folder being zipped: no file whose real path is outside it is read. Default: the entries' common folder. */
  root?: string;
  /** Fixed timestamp for every entry, for byte-identical archives across runs. */
  mtime?: Date;
  /** Deflate level 0-9; default 6. 0 stores (fast for already-compressed content). */
  compressionLevel?: number;
}

export interface ZipSummary {
  entries: number;
  bytes: number;
  /** Entries left out because their real path leaves `root` (or dangles). */
  skipped?: string[];
}

/**
 * Names whose content is already compressed: deflating them again costs time and saves nothing, so
 * they are stored (what Info-ZIP's `-n` list does).
 */
const ALREADY_COMPRESSED =
  /\.(zip|jar|war|ear|gz|tgz|bz2|xz|zst|7z|br|png|jpe?g|gif|webp|avif|mp3|mp4|m4a|mov|webm|woff2?)$/i;

/** The deepest folder holding every file entry. */
function commonFolder(entries: readonly ZipEntry[]): string | undefined {
  let common: string | undefined;
  for (const e of entries) {
    if (!('file' in e)) continue;
    const dir = dirname(resolve(e.file));
    if (common === undefined) common = dir;
    while (common !== dir && !dir.startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common);
  }
  return common;
}

/**
 * Writes a zip of `entries` to `output` (a file path or a stream). Entries are sorted by path so
 * the same inputs give the same archive whatever order a glob walk produced them in.
 */
export async function createZip(
  entries: readonly ZipEntry[],
  output: string | Writable,
  options: CreateZipOptions = {},
): Promise<ZipSummary> {
  const zip = new yazl.ZipFile();
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const root = options.root ?? commonFolder(sorted);
  const summary: ZipSummary = { entries: 0, bytes: 0 };
  for (const e of sorted) {
    const name = zipNameOf(e.path);
    if (!addEntry(zip, name, e, root, options, summary)) (summary.skipped ??= []).push(name);
  }
  // A file that vanished or cannot be read surfaces on the ZipFile, not the stream: route it to
  // the stream so the pipeline below rejects and closes the output.
  zip.on('error', (err: Error) => (zip.outputStream as Readable).destroy(err));
  zip.end();
  const sink = typeof output === 'string' ? createWriteStream(output) : output;
  await pipeline(zip.outputStream as Readable, sink);
  return summary;
}

/** Adds one entry; false when it was left out (a file whose real path leaves `root`). */
function addEntry(
  zip: yazl.ZipFile,
  name: string,
  e: ZipEntry,
  root: string | undefined,
  options: CreateZipOptions,
  summary: ZipSummary,
): boolean {
  const base = options.mtime ? { mtime: options.mtime } : {};
  if ('directory' in e) {
    zip.addEmptyDirectory(name, { ...base, mode: S_IFDIR | ((e.mode ?? 0o755) & 0o7777) });
  } else if ('symlinkTarget' in e) {
    zip.addBuffer(Buffer.from(e.symlinkTarget), name, { ...base, mode: S_IFLNK | 0o777, compress: false });
  } else {
    const st = lstatSync(e.file);
    if (st.isSymbolicLink() && options.symlinks) {
      zip.addBuffer(Buffer.from(readlinkSync(e.file)), name, {
        ...(options.mtime ? base : { mtime: st.mtime }),
        mode: S_IFLNK | 0o777,
        compress: false,
      });
    } else {
      // The real path is what yazl opens later: no link is followed out of the folder.
      const real = root === undefined ? e.file : realPathInside(root, e.file);
      if (real === undefined) return false;
      const target = lstatSync(real);
      if (!target.isFile()) return false;
      // addFile stats now but opens the file only when its turn comes: one descriptor at a time.
      const mode = e.mode === undefined ? undefined : S_IFREG | (e.mode & 0o7777);
      const level = options.compressionLevel ?? 6;
      const packing = ALREADY_COMPRESSED.test(name) ? { compress: false } : { compressionLevel: level };
      zip.addFile(real, name, { ...base, ...(mode === undefined ? {} : { mode }), ...packing });
      summary.bytes += target.size;
    }
  }
  summary.entries++;
  return true;
}
