/**
 * Writing a zip from files on disk (artifacts, source zips), streamed: yazl opens one file at a
 * time, never the whole archive in memory, because artifacts reach hundreds of MB.
 *
 * Links: with `symlinks: true` a link is stored as a link (CodeBuild `enable-symlinks: yes`).
 * Otherwise the file it leads to is stored, but only when that file's real path is inside the
 * folder being zipped (`root`); other links are left out and listed in `skipped` (docs/security.md).
 */
import { closeSync, createWriteStream, lstatSync, openSync, readlinkSync, readSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import './zip-crc.js';
import { zipNameOf } from './safe-path.js';
import { realPathInside } from './safe-read.js';
import { looksIncompressible, ReadAhead, READ_WHOLE_BELOW, type AheadFile } from './zip-read-ahead.js';
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
  const summary: ZipSummary = { entries: 0, bytes: 0 };
  const plan = new ZipPlan(zip, options.root ?? commonFolder(sorted), options, summary);
  for (const e of sorted) {
    const name = zipNameOf(e.path);
    if (!plan.add(name, e)) (summary.skipped ??= []).push(name);
  }
  const out = zip.outputStream as Readable;
  // A file that vanished or cannot be read surfaces on the ZipFile (or the feed below), not the
  // stream: route it to the stream so the pipeline rejects and closes the output.
  zip.on('error', (err: Error) => out.destroy(err));
  const sink = typeof output === 'string' ? createWriteStream(output) : output;
  const written = pipeline(out, sink);
  written.catch((err: Error) => plan.abort(err));
  const fed = plan.feed().then(
    () => zip.end(),
    (err: Error) => out.destroy(err),
  );
  await Promise.all([written, fed]);
  return summary;
}

/** True when the first bytes of a large file look incompressible (one small read). */
function largeFileLooksIncompressible(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.allocUnsafe(4096);
    return looksIncompressible(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
  } finally {
    closeSync(fd);
  }
}

/**
 * The entries in archive order, planned up front (links checked, sizes counted), then fed to yazl:
 * small files through ReadAhead (read whole, probed, stored or deflated), the rest as yazl adds them.
 */
class ZipPlan {
  private readonly steps: ((ahead: ReadAhead) => Promise<void> | void)[] = [];
  private readonly small: AheadFile[] = [];
  private ahead: ReadAhead | undefined;

  constructor(
    private readonly zip: yazl.ZipFile,
    private readonly root: string | undefined,
    private readonly options: CreateZipOptions,
    private readonly summary: ZipSummary,
  ) {}

  /** Plans one entry; false when it was left out (a file whose real path leaves `root`). */
  add(name: string, e: ZipEntry): boolean {
    const { zip, options } = this;
    const base = options.mtime ? { mtime: options.mtime } : {};
    if ('directory' in e) {
      this.steps.push(() => zip.addEmptyDirectory(name, { ...base, mode: S_IFDIR | ((e.mode ?? 0o755) & 0o7777) }));
    } else if ('symlinkTarget' in e) {
      const target = Buffer.from(e.symlinkTarget);
      this.steps.push(() => zip.addBuffer(target, name, { ...base, mode: S_IFLNK | 0o777, compress: false }));
    } else {
      const st = lstatSync(e.file);
      if (st.isSymbolicLink() && options.symlinks) {
        const target = Buffer.from(readlinkSync(e.file));
        const mtime = options.mtime ?? st.mtime;
        this.steps.push(() => zip.addBuffer(target, name, { mtime, mode: S_IFLNK | 0o777, compress: false }));
      } else if (!this.addFile(name, e)) return false;
    }
    this.summary.entries++;
    return true;
  }

  private addFile(name: string, e: { file: string; mode?: number }): boolean {
    // The real path is what is read later: no link is followed out of the folder.
    const real = this.root === undefined ? e.file : realPathInside(this.root, e.file);
    if (real === undefined) return false;
    const target = lstatSync(real);
    if (!target.isFile()) return false;
    this.summary.bytes += target.size;
    const level = this.options.compressionLevel ?? 6;
    const byName = ALREADY_COMPRESSED.test(name);
    const meta = {
      mtime: this.options.mtime ?? target.mtime,
      mode: S_IFREG | ((e.mode ?? target.mode) & 0o7777),
    };
    if (target.size > READ_WHOLE_BELOW) {
      // addFile stats now but opens the file only when its turn comes: one descriptor at a time.
      this.steps.push(() => {
        const store = byName || level === 0 || largeFileLooksIncompressible(real);
        this.zip.addFile(real, name, { ...meta, ...(store ? { compress: false } : { compressionLevel: level }) });
      });
      return true;
    }
    const index = this.small.push({ path: real, size: target.size }) - 1;
    this.steps.push(async (ahead) => {
      const data = await ahead.take(index);
      const store = byName || level === 0 || looksIncompressible(data);
      const packing = store ? { compress: false } : { compressionLevel: level };
      this.zip.addReadStreamLazy(name, { ...meta, ...packing, size: data.length }, (cb) => {
        ahead.release(index);
        cb(null, ReadAhead.streamOf(data));
      });
    });
    return true;
  }

  /** Hands every planned entry to yazl, in order. */
  async feed(): Promise<void> {
    this.ahead = new ReadAhead(this.small);
    for (const step of this.steps) await step(this.ahead);
  }

  abort(err: Error): void {
    this.ahead?.abort(err);
  }
}
