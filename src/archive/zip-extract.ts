/**
 * Extracting a zip (artifacts, source zips) into a folder, one entry at a time: small files read,
 * inflated and written from the calling thread in 15 ms slices (zip-sync-reader.ts), large ones
 * piped straight to disk.
 *
 * The safe-path rule (safe-path.ts) holds for every entry: no absolute path, no `..`, no write
 * through a link. Links in the archive are created after every file, so no later entry can be
 * written through one; they are kept as links, whatever they point at (their meaning belongs to
 * the container that receives the folder), and every host-side reader of the folder resolves real
 * paths (safe-read.ts) so a link never leads a read out of it (docs/security.md).
 */
import { closeSync, createWriteStream, fchmodSync, futimesSync, openSync, writeFileSync } from 'node:fs';
import { chmod, lstat, mkdir, rm, symlink, utimes } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type yauzl from 'yauzl';
import { InputError } from '../errors.js';
import { FolderMaker, safeSegments, targetOf, UNSAFE_PATH, unsafePath } from './safe-path.js';
import { openZipSync, type SyncZip } from './zip-sync-reader.js';
import { S_IFDIR, S_IFLNK, S_IFMT, unixMode } from './zip-format.js';

export interface ExtractOptions {
  /** Recreate symlink entries as links (default). False skips them (CODE_ZIP sources drop symlinks). */
  symlinks?: boolean;
  /** Restore entry timestamps (default true). */
  mtimes?: boolean;
}

export interface ExtractSummary {
  files: number;
  directories: number;
  symlinks: number;
}

/** Entries up to this size are buffered and written with one open/write/close. */
const SMALL_FILE = 256 * 1024;
const UMASK = process.umask();

function openEntry(zf: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((res, rej) => zf.openReadStream(entry, (err, s) => (err ? rej(err) : res(s))));
}

/** The longest stretch of synchronous reads and writes before other work (logs, signals) gets a turn. */
const SLICE_MS = 15;

/**
 * Writes a new file with synchronous calls (docs/performance.md, change 11: on 2 cores, five
 * thread-pool round trips per small file cost more than the writes); chmod only when the umask would
 * have stripped bits, times through the open descriptor. 'wx': a pre-existing path is an error.
 */
function writeSmall(target: string, data: Buffer, mode: number, mtime: Date | undefined): void {
  const fd = openSync(target, 'wx', mode);
  try {
    writeFileSync(fd, data); // the whole buffer, however many write calls it takes
    if ((mode & UMASK) !== 0) fchmodSync(fd, mode);
    if (mtime) futimesSync(fd, mtime, mtime);
  } finally {
    closeSync(fd);
  }
}

/** Writes over an existing path (never a link or folder): replace rather than truncate, it may be read-only. */
async function replaceFile(name: string, target: string, body: Readable, mode: number, mtime?: Date): Promise<void> {
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isSymbolicLink() || existing?.isDirectory())
    throw unsafePath(name, `${target} already exists as a link or folder`);
  if (existing) await rm(target);
  await pipeline(body, createWriteStream(target));
  // chmod after writing: the umask would otherwise strip bits passed to open().
  await chmod(target, mode);
  if (mtime) await utimes(target, mtime, mtime);
}

/** yauzl's own name checks and read errors, as codelocal errors with the one unsafe-path code. */
function asExtractError(zipPath: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const message = String((e as Error).message);
  return /invalid relative path|absolute path|invalid characters/.test(message)
    ? new InputError(UNSAFE_PATH, `refusing to extract ${zipPath}: ${message}`)
    : new InputError('ZIP_INVALID', `cannot extract ${zipPath}: ${message}`, { cause: e });
}

/** One extraction: the state shared by its entries. */
class Extraction {
  readonly summary: ExtractSummary = { files: 0, directories: 0, symlinks: 0 };
  private readonly links: { path: string; target: string; name: string }[] = [];
  private readonly dirModes: { path: string; mode: number; mtime?: Date }[] = [];
  private readonly folders: FolderMaker;
  private sliceStart = performance.now();
  // Targets written through the careful path (large or pre-existing); a later duplicate entry for
  // the same path also takes it, so the last entry wins.
  private readonly replaced = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly zip: SyncZip,
    private readonly options: ExtractOptions,
  ) {
    this.folders = new FolderMaker(root);
  }

  async entry(entry: yauzl.Entry): Promise<void> {
    const name = entry.fileName;
    // yauzl validates names too; checked again here because safety must not hinge on a default.
    const segs = safeSegments(name);
    if (segs.length === 0) return;
    const mode = unixMode(entry);
    const mtime = this.options.mtimes === false ? undefined : entry.getLastModDate();
    const type = mode === undefined ? undefined : mode & S_IFMT;
    if (name.endsWith('/') || type === S_IFDIR) {
      const dir = this.folders.ensure(segs, name);
      this.summary.directories++;
      if (mode !== undefined) this.dirModes.push({ path: dir, mode: mode & 0o7777, mtime });
      return;
    }
    const parent = this.folders.ensure(segs.slice(0, -1), name);
    const target = targetOf(this.root, parent, segs[segs.length - 1]!, name);
    if (type === S_IFLNK) {
      const linkTarget = this.zip.readEntry(entry).toString('utf8');
      if (this.options.symlinks !== false) this.links.push({ path: target, target: linkTarget, name });
      return;
    }
    await this.file(entry, name, target, mode === undefined ? 0o644 : mode & 0o7777, mtime);
    this.summary.files++;
  }

  private async file(entry: yauzl.Entry, name: string, target: string, mode: number, mtime?: Date): Promise<void> {
    if (entry.uncompressedSize > SMALL_FILE || this.replaced.has(target)) {
      this.replaced.add(target);
      await replaceFile(name, target, await openEntry(this.zip.zip, entry), mode, mtime);
      return;
    }
    // Small files (most of a source tree): read, inflate and write on this thread, yielding now and then.
    const data = this.zip.readEntry(entry);
    try {
      writeSmall(target, data, mode, mtime);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      await replaceFile(name, target, Readable.from([data]), mode, mtime);
    }
    if (performance.now() - this.sliceStart > SLICE_MS) {
      await new Promise((res) => setImmediate(res));
      this.sliceStart = performance.now();
    }
  }

  /** After every entry: links, then folder modes (deepest first). */
  async finish(): Promise<void> {
    for (const l of this.links) {
      await symlink(l.target, l.path).catch((e: NodeJS.ErrnoException) => {
        throw unsafePath(l.name, `cannot create symlink: ${e.code ?? e.message}`);
      });
      this.summary.symlinks++;
    }
    // Deepest first so restoring a read-only folder mode never blocks writing its children.
    for (const d of this.dirModes.reverse()) {
      await chmod(d.path, d.mode);
      if (d.mtime) await utimes(d.path, d.mtime, d.mtime);
    }
  }
}

/** Reads every entry of `zf` in order through `handle`; rejects with the first failure. */
function eachEntry(zipPath: string, zf: yauzl.ZipFile, handle: (e: yauzl.Entry) => Promise<void>): Promise<void> {
  return new Promise<void>((done, fail) => {
    let stopped = false;
    const stop = (e: unknown) => {
      if (stopped) return;
      stopped = true;
      zf.close();
      fail(asExtractError(zipPath, e));
    };
    zf.on('error', stop);
    zf.on('end', () => done());
    zf.on('entry', (entry: yauzl.Entry) => void handle(entry).then(() => zf.readEntry(), stop));
    zf.readEntry();
  });
}

/**
 * Extracts `zipPath` into `dest`. Paths with `..`, absolute paths and writes through symlinks are
 * refused (zip-slip) with ARCHIVE_UNSAFE_PATH, including pre-existing symlinked folders under `dest`.
 */
export async function extractZip(zipPath: string, dest: string, options: ExtractOptions = {}): Promise<ExtractSummary> {
  const root = resolve(dest);
  await mkdir(root, { recursive: true });
  let zip: SyncZip;
  try {
    zip = await openZipSync(zipPath);
  } catch (e) {
    throw new InputError('ZIP_INVALID', `cannot read zip ${zipPath}: ${(e as Error).message}`, { cause: e });
  }
  const run = new Extraction(root, zip, options);
  await eachEntry(zipPath, zip.zip, (entry) => run.entry(entry));
  await run.finish();
  return run.summary;
}
