/**
 * Tar helpers on tar-stream: everything that goes into or comes out of a container as an archive
 * (putArchive / getArchive, `docker import` rootfs, build contexts). No `tar` binary is ever run, so
 * behaviour is the same on every host.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar, { type Header, type Pack } from 'tar-stream';

type Headers = Partial<Header> & Pick<Header, 'name'>;

/** A host path to copy into an archive; directories are copied recursively. */
export interface HostFileEntry {
  /** Path on the host. */
  source: string;
  /** Path inside the archive (relative; a leading `/` is dropped). */
  target: string;
  /** Overrides the file's own permission bits (files only, and the top directory when a directory). */
  mode?: number;
}

/** An archive entry built from memory. */
export interface MemoryEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink';
  content?: string | Buffer;
  /** For symlinks: where the link points. */
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
}

/** Owned by root unless told otherwise: that is what CodeBuild shows for source files. */
const ROOT = { uid: 0, gid: 0, uname: 'root', gname: 'root' };

function archiveName(name: string): string {
  return name.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Writes one entry and resolves when tar-stream has accepted it (entries must be written one at a time). */
function writeEntry(pack: Pack, header: Headers, content?: Buffer | Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error | null) => (err ? reject(err) : resolve());
    if (!(content instanceof Readable)) {
      pack.entry(header, content ?? Buffer.alloc(0), done);
      return;
    }
    const sink = pack.entry(header, done);
    content.on('error', (err) => {
      sink.destroy(err);
      reject(err);
    });
    content.pipe(sink);
  });
}

/** Runs `fill` against a fresh pack stream and finalizes it; failures destroy the stream with the error. */
function packWith(fill: (pack: Pack) => Promise<void>): Readable {
  const pack = tar.pack();
  fill(pack).then(
    () => pack.finalize(),
    (err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  // tar-stream streams are streamx streams: they pipe like Node's, which is all consumers need.
  return pack as unknown as Readable;
}

async function packHostPath(pack: Pack, source: string, target: string, mode?: number): Promise<void> {
  const st = await fs.lstat(source);
  const base = { ...ROOT, name: target, mtime: st.mtime };
  if (st.isSymbolicLink()) {
    await writeEntry(pack, { ...base, type: 'symlink', linkname: await fs.readlink(source), mode: 0o777 });
  } else if (st.isDirectory()) {
    await writeEntry(pack, { ...base, type: 'directory', mode: mode ?? st.mode & 0o7777 });
    const names = (await fs.readdir(source)).sort();
    for (const name of names) await packHostPath(pack, path.join(source, name), `${target}/${name}`);
  } else if (st.isFile()) {
    const header = { ...base, type: 'file' as const, size: st.size, mode: mode ?? st.mode & 0o7777 };
    await writeEntry(pack, header, createReadStream(source));
  }
  // Sockets, fifos and devices have no meaning inside a build: skipped on purpose.
}

/** A tar stream of host files and folders (symlinks are kept as symlinks, not followed). */
export function packHostFiles(entries: HostFileEntry[]): Readable {
  return packWith(async (pack) => {
    for (const e of entries) await packHostPath(pack, e.source, archiveName(e.target), e.mode);
  });
}

/** A tar stream of in-memory entries: generated scripts, Dockerfiles, small rootfs trees. */
export function packEntries(entries: MemoryEntry[]): Readable {
  return packWith(async (pack) => {
    for (const e of entries) {
      const type = e.type ?? 'file';
      const header: Headers = {
        name: archiveName(e.name),
        type,
        mode: e.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644),
        uid: e.uid ?? ROOT.uid,
        gid: e.gid ?? ROOT.gid,
        uname: e.uid ? '' : ROOT.uname,
        gname: e.gid ? '' : ROOT.gname,
        mtime: e.mtime ?? new Date(),
      };
      if (type === 'symlink') header.linkname = e.linkname ?? '';
      const content = type === 'file' ? Buffer.from(e.content ?? '') : undefined;
      await writeEntry(pack, header, content);
    }
  });
}

/** One archive entry with its content read into memory. */
export interface TarEntry {
  header: Header;
  content: Buffer;
}

/** Iterates the entries of a tar stream (contents buffered: meant for reports and small artifacts). */
export async function* readTarEntries(stream: Readable): AsyncGenerator<TarEntry> {
  const extract = tar.extract();
  stream.on('error', (err) => extract.destroy(err));
  stream.pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    yield { header: entry.header, content: Buffer.concat(chunks) };
  }
}

/** Resolves `name` under `dest`, refusing names that climb out of it (`../`, absolute links). */
function safeJoin(dest: string, name: string): string {
  const full = path.resolve(dest, name.replace(/^\/+/, ''));
  if (full !== dest && !full.startsWith(dest + path.sep)) {
    throw new Error(`archive entry escapes the destination folder: ${name}`);
  }
  return full;
}

/**
 * Extracts a tar stream (e.g. from getArchive) into a host folder. `strip` drops leading path elements,
 * like tar's --strip-components. Returns the host paths written.
 */
export async function extractTarTo(
  stream: Readable,
  dest: string,
  options: { strip?: number } = {},
): Promise<string[]> {
  const root = path.resolve(dest);
  await fs.mkdir(root, { recursive: true });
  const written: string[] = [];
  const extract = tar.extract();
  stream.on('error', (err) => extract.destroy(err));
  stream.pipe(extract);
  for await (const entry of extract) {
    const h = entry.header;
    const parts = h.name.split('/').filter((p) => p !== '' && p !== '.');
    const rel = parts.slice(options.strip ?? 0).join('/');
    if (!rel) {
      entry.resume();
      continue;
    }
    const target = safeJoin(root, rel);
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (h.type === 'directory') {
      await fs.mkdir(target, { recursive: true, mode: h.mode });
      entry.resume();
    } else if (h.type === 'symlink') {
      await fs.rm(target, { force: true });
      await fs.symlink(h.linkname ?? '', target);
      entry.resume();
    } else if (h.type === 'link') {
      const linkRel = (h.linkname ?? '')
        .split('/')
        .slice(options.strip ?? 0)
        .join('/');
      await fs.rm(target, { force: true });
      await fs.link(safeJoin(root, linkRel), target);
      entry.resume();
    } else if (h.type === 'file' || h.type === 'contiguous-file') {
      await pipeline(entry, createWriteStream(target, { mode: h.mode }));
      // The process umask narrows the mode on create; archives carry the exact bits.
      if (h.mode !== undefined) await fs.chmod(target, h.mode & 0o7777);
    } else {
      entry.resume();
      continue;
    }
    written.push(target);
  }
  return written;
}

/** Collects a whole stream into one Buffer (small archives: putArchive accepts either). */
export async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
