/**
 * Zip archives for artifacts and sources, streamed both ways (one file open at a time, never the
 * whole archive in memory) because artifacts reach hundreds of MB and thousands of files.
 *
 * Unix mode bits travel in the high 16 bits of the external attributes (made-by = Unix), which is
 * what Info-ZIP and CodeBuild's zips carry. Symlinks are stored as entries with S_IFLNK mode whose
 * content is the target, the Info-ZIP convention.
 */
import { createWriteStream, lstatSync, mkdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { chmod, lstat, open, rm, symlink, utimes } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { InputError } from '../errors.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

export type ZipEntry =
  /** A file on disk. When it is a symlink, `symlinks: true` stores the link, otherwise its content. */
  | { path: string; file: string; mode?: number }
  /** A symlink given directly by its target. */
  | { path: string; symlinkTarget: string }
  /** An explicit (possibly empty) directory. */
  | { path: string; directory: true; mode?: number };

export interface CreateZipOptions {
  /** Store symlinks as links (CodeBuild `enable-symlinks: yes`); default follows them. */
  symlinks?: boolean;
  /** Fixed timestamp for every entry, for byte-identical archives across runs. */
  mtime?: Date;
  /** Deflate level 0-9; default 6. 0 stores (fast for already-compressed content). */
  compressionLevel?: number;
}

export interface ZipSummary {
  entries: number;
  bytes: number;
}

function zipPathOf(p: string): string {
  const clean = p.replace(/\\/g, '/').replace(/^\.\//, '');
  if (clean === '' || clean.startsWith('/') || clean.split('/').includes('..')) {
    throw new InputError('ZIP_UNSAFE_PATH', `refusing to put "${p}" in a zip: paths must be relative without ".."`);
  }
  return clean;
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
  const level = options.compressionLevel ?? 6;
  const base = options.mtime ? { mtime: options.mtime } : {};
  let count = 0;
  let bytes = 0;
  for (const e of sorted) {
    const name = zipPathOf(e.path);
    count++;
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
        // addFile stats now but opens the file only when its turn comes: one descriptor at a time.
        const mode = e.mode === undefined ? undefined : S_IFREG | (e.mode & 0o7777);
        zip.addFile(e.file, name, { ...base, ...(mode === undefined ? {} : { mode }), compressionLevel: level });
        bytes += st.isSymbolicLink() ? statSync(e.file).size : st.size;
      }
    }
  }
  // A file that vanished or cannot be read surfaces on the ZipFile, not the stream: route it to
  // the stream so the pipeline below rejects and closes the output.
  zip.on('error', (err: Error) => (zip.outputStream as Readable).destroy(err));
  zip.end();
  const sink = typeof output === 'string' ? createWriteStream(output) : output;
  await pipeline(zip.outputStream as Readable, sink);
  return { entries: count, bytes };
}

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

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Unix mode of an entry, or undefined for archives made elsewhere (their attributes mean something else). */
function unixMode(entry: yauzl.Entry): number | undefined {
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  return madeByUnix && mode !== 0 ? mode : undefined;
}

function unsafe(name: string, why: string): InputError {
  return new InputError('ZIP_UNSAFE_PATH', `refusing to extract "${name}": ${why}`);
}

/** Entries up to this size are buffered and written with one open/write/close. */
const SMALL_FILE = 256 * 1024;
const UMASK = process.umask();

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

/** A bounded set of background writes; wait() makes room, drain() waits for all and surfaces errors. */
class WriteQueue {
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;
  constructor(private readonly limit: number) {}
  add(p: Promise<void>): void {
    const tracked = p.catch((e: unknown) => {
      this.failure ??= e;
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
  async wait(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.pending.size >= this.limit) await Promise.race(this.pending);
    if (this.failure) throw this.failure;
  }
  async drain(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }
}

/**
 * Extracts `zipPath` into `dest`. Paths with `..`, absolute paths and writes through symlinks are
 * refused (zip-slip). Symlinks are created after every file so no later entry can be written
 * through one, and pre-existing symlinked folders under `dest` are refused for the same reason.
 */
export async function extractZip(zipPath: string, dest: string, options: ExtractOptions = {}): Promise<ExtractSummary> {
  const root = resolve(dest);
  mkdirSync(root, { recursive: true });
  const summary: ExtractSummary = { files: 0, directories: 0, symlinks: 0 };
  const links: { path: string; target: string; name: string }[] = [];
  const dirModes: { path: string; mode: number; mtime?: Date }[] = [];
  const checked = new Set<string>([root]);
  const writers = new WriteQueue(16);
  // Targets written through the careful path (large or pre-existing); a later duplicate entry for
  // the same path also takes it, so the last entry wins as before.
  const replaced = new Set<string>();

  const replaceFile = async (name: string, target: string, body: Readable, mode: number, mtime: Date | undefined) => {
    const existing = await lstat(target).catch(() => undefined);
    if (existing?.isSymbolicLink() || existing?.isDirectory())
      throw unsafe(name, `${target} already exists as a link or folder`);
    // Replace rather than truncate: an earlier extract may have left it read-only.
    if (existing) await rm(target);
    await pipeline(body, createWriteStream(target));
    // chmod after writing: the umask would otherwise strip bits passed to open().
    await chmod(target, mode);
    if (mtime) await utimes(target, mtime, mtime);
  };

  const ensureDir = async (rel: string[]): Promise<string> => {
    let cur = root;
    for (const seg of rel) {
      cur = join(cur, seg);
      if (checked.has(cur)) continue;
      let st: Stats | undefined;
      try {
        st = await lstat(cur);
      } catch {
        st = undefined;
      }
      if (st?.isSymbolicLink()) throw unsafe(rel.join('/'), `${cur} is a symlink`);
      if (st && !st.isDirectory()) throw unsafe(rel.join('/'), `${cur} is not a folder`);
      if (!st) mkdirSync(cur);
      checked.add(cur);
    }
    return cur;
  };

  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(zipPath);
  } catch (e) {
    throw new InputError('ZIP_INVALID', `cannot read zip ${zipPath}: ${(e as Error).message}`, { cause: e });
  }

  await new Promise<void>((done, fail) => {
    let stopped = false;
    const stop = (e: unknown) => {
      if (stopped) return;
      stopped = true;
      zf.close();
      const message = String((e as Error).message);
      fail(
        e instanceof InputError
          ? e
          : /invalid relative path|absolute path|invalid characters/.test(message)
            ? new InputError('ZIP_UNSAFE_PATH', `refusing to extract ${zipPath}: ${message}`)
            : new InputError('ZIP_INVALID', `cannot extract ${zipPath}: ${message}`, { cause: e }),
      );
    };
    zf.on('error', stop);
    zf.on('end', () => done());
    zf.on('entry', (entry: yauzl.Entry) => {
      handle(entry).then(() => zf.readEntry(), stop);
    });
    const handle = async (entry: yauzl.Entry): Promise<void> => {
      const name = entry.fileName;
      // yauzl validates names too; checked again here because safety must not hinge on a default.
      if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw unsafe(name, 'absolute path');
      const segs = name.split('/').filter((s) => s !== '' && s !== '.');
      if (segs.includes('..')) throw unsafe(name, 'path contains ".."');
      if (segs.length === 0) return;
      const mode = unixMode(entry);
      const mtime = options.mtimes === false ? undefined : entry.getLastModDate();
      const type = mode === undefined ? undefined : mode & S_IFMT;
      if (name.endsWith('/') || type === S_IFDIR) {
        const dir = await ensureDir(segs);
        summary.directories++;
        if (mode !== undefined) dirModes.push({ path: dir, mode: mode & 0o7777, mtime });
        return;
      }
      const parent = await ensureDir(segs.slice(0, -1));
      const target = join(parent, segs[segs.length - 1]!);
      if (!target.startsWith(root + sep)) throw unsafe(name, 'outside the destination');
      if (type === S_IFLNK) {
        const linkTarget = await readAll(await openEntry(zf, entry));
        if (options.symlinks !== false) links.push({ path: target, target: linkTarget, name });
        return;
      }
      const fileMode = mode === undefined ? 0o644 : mode & 0o7777;
      if (entry.uncompressedSize <= SMALL_FILE && !replaced.has(target)) {
        // Small files (most of a source tree): read the entry, then write it in the background while
        // the next entry is read, a bounded number at a time. 'wx' makes a pre-existing file or link
        // an error, which falls back to the careful path below.
        const data = await readBuffer(await openEntry(zf, entry));
        await writers.wait();
        writers.add(
          writeSmall(target, data, fileMode, mtime).catch(async (e: NodeJS.ErrnoException) => {
            if (e.code !== 'EEXIST') throw e;
            await replaceFile(name, target, Readable.from([data]), fileMode, mtime);
          }),
        );
      } else {
        replaced.add(target);
        await replaceFile(name, target, await openEntry(zf, entry), fileMode, mtime);
      }
      summary.files++;
    };
    zf.readEntry();
  });
  await writers.drain();

  for (const l of links) {
    await symlink(l.target, l.path).catch((e: NodeJS.ErrnoException) => {
      throw unsafe(l.name, `cannot create symlink: ${e.code ?? e.message}`);
    });
    summary.symlinks++;
  }
  // Deepest first so restoring a read-only folder mode never blocks writing its children.
  for (const d of dirModes.reverse()) {
    await chmod(d.path, d.mode);
    if (d.mtime) await utimes(d.path, d.mtime, d.mtime);
  }
  return summary;
}
