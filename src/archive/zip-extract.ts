/**
 * Extracting a zip (artifacts, source zips) into a folder, streamed: one entry at a time, small
 * files written in the background a few at a time, large ones piped straight to disk.
 *
 * The safe-path rule (safe-path.ts) holds for every entry: no absolute path, no `..`, no write
 * through a link. Links in the archive are created after every file, so no later entry can be
 * written through one; they are kept as links, whatever they point at (their meaning belongs to
 * the container that receives the folder), and every host-side reader of the folder resolves real
 * paths (safe-read.ts) so a link never leads a read out of it (docs/security.md).
 */
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, open, rm, symlink, utimes } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { InputError } from '../errors.js';
import { FolderMaker, safeSegments, targetOf, UNSAFE_PATH, unsafePath } from './safe-path.js';
import { WriteQueue } from './write-queue.js';
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

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: true, decodeStrings: true, validateEntrySizes: true },
      (err, zf) => (err ? rej(err) : res(zf)),
    ),
  );
}

function openEntry(zf: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((res, rej) => zf.openReadStream(entry, (err, s) => (err ? rej(err) : res(s))));
}

async function readBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Writes a new file; chmod only when the umask would have stripped bits, utimes through the open handle. */
async function writeSmall(target: string, data: Buffer, mode: number, mtime: Date | undefined): Promise<void> {
  const fh = await open(target, 'wx', mode);
  try {
    await fh.writeFile(data);
    if ((mode & UMASK) !== 0) await fh.chmod(mode);
    if (mtime) await fh.utimes(mtime, mtime);
  } finally {
    await fh.close();
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
  private readonly writers = new WriteQueue(16);
  // Targets written through the careful path (large or pre-existing); a later duplicate entry for
  // the same path also takes it, so the last entry wins.
  private readonly replaced = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly zf: yauzl.ZipFile,
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
      const linkTarget = (await readBuffer(await openEntry(this.zf, entry))).toString('utf8');
      if (this.options.symlinks !== false) this.links.push({ path: target, target: linkTarget, name });
      return;
    }
    await this.file(entry, name, target, mode === undefined ? 0o644 : mode & 0o7777, mtime);
    this.summary.files++;
  }

  private async file(entry: yauzl.Entry, name: string, target: string, mode: number, mtime?: Date): Promise<void> {
    if (entry.uncompressedSize > SMALL_FILE || this.replaced.has(target)) {
      this.replaced.add(target);
      await replaceFile(name, target, await openEntry(this.zf, entry), mode, mtime);
      return;
    }
    // Small files (most of a source tree): read the entry, then write it in the background while the
    // next entry is read. 'wx' makes a pre-existing file or link an error, which takes the careful path.
    const data = await readBuffer(await openEntry(this.zf, entry));
    await this.writers.wait();
    this.writers.add(
      writeSmall(target, data, mode, mtime).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
        await replaceFile(name, target, Readable.from([data]), mode, mtime);
      }),
    );
  }

  /** After every entry: pending writes, then links, then folder modes (deepest first). */
  async finish(): Promise<void> {
    await this.writers.drain();
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
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(zipPath);
  } catch (e) {
    throw new InputError('ZIP_INVALID', `cannot read zip ${zipPath}: ${(e as Error).message}`, { cause: e });
  }
  const run = new Extraction(root, zf, options);
  await eachEntry(zipPath, zf, (entry) => run.entry(entry));
  await run.finish();
  return run.summary;
}
