/**
 * Writing tar streams with tar-stream: everything that goes into a container as an archive
 * (putArchive, `docker import` rootfs, build contexts, cache entries). No `tar` binary is ever
 * run, so behaviour is the same on every host. Host folders are packed with lstat: links are
 * stored as links and never followed, so no host file outside the folder is read.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar, { type Header, type Pack } from 'tar-stream';

/** A tar header; only the name is required. */
export type TarHeader = Partial<Header> & Pick<Header, 'name'>;

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

/**
 * A tar being written entry by entry. `output` must be consumed while entries are added;
 * `add` resolves once tar-stream has taken the whole entry (entries go one at a time).
 */
export class TarWriter {
  private readonly pack: Pack = tar.pack();
  /** tar-stream streams are streamx streams: they pipe like Node's, which is all consumers need. */
  readonly output: Readable = this.pack as unknown as Readable;

  add(header: TarHeader, content?: Buffer | NodeJS.ReadableStream): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error | null) => (err ? reject(err) : resolve());
      if (content === undefined || Buffer.isBuffer(content)) {
        this.pack.entry(header, content ?? Buffer.alloc(0), done);
        return;
      }
      const sink = this.pack.entry(header, done);
      (content as Readable).on('error', (err: Error) => {
        sink.destroy(err);
        reject(err);
      });
      content.pipe(sink as unknown as NodeJS.WritableStream);
    });
  }

  /** Queues an in-memory entry without waiting (small generated trees). */
  queue(header: TarHeader, content?: Buffer): void {
    this.pack.entry(header, content ?? Buffer.alloc(0));
  }

  finalize(): void {
    this.pack.finalize();
  }

  /** Ends the stream with `err`: its consumer sees the failure. */
  destroy(err: unknown): void {
    this.pack.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}

/** Runs `fill` against a fresh writer and finalizes it; failures destroy the stream with the error. */
export function packWith(fill: (tar: TarWriter) => Promise<void>): Readable {
  const writer = new TarWriter();
  fill(writer).then(
    () => writer.finalize(),
    (err: unknown) => writer.destroy(err),
  );
  return writer.output;
}

async function packHostPath(w: TarWriter, source: string, target: string, mode?: number): Promise<void> {
  const st = await fs.lstat(source);
  const base = { ...ROOT, name: target, mtime: st.mtime };
  if (st.isSymbolicLink()) {
    await w.add({ ...base, type: 'symlink', linkname: await fs.readlink(source), mode: 0o777 });
  } else if (st.isDirectory()) {
    await w.add({ ...base, type: 'directory', mode: mode ?? st.mode & 0o7777 });
    const names = (await fs.readdir(source)).sort();
    for (const name of names) await packHostPath(w, path.join(source, name), `${target}/${name}`);
  } else if (st.isFile()) {
    const header = { ...base, type: 'file' as const, size: st.size, mode: mode ?? st.mode & 0o7777 };
    await w.add(header, createReadStream(source));
  }
  // Sockets, fifos and devices have no meaning inside a build: skipped on purpose.
}

/** A tar stream of host files and folders (symlinks are kept as symlinks, not followed). */
export function packHostFiles(entries: HostFileEntry[]): Readable {
  return packWith(async (w) => {
    for (const e of entries) await packHostPath(w, e.source, archiveName(e.target), e.mode);
  });
}

/** A tar stream of in-memory entries: generated scripts, Dockerfiles, small rootfs trees. */
export function packEntries(entries: MemoryEntry[]): Readable {
  return packWith(async (w) => {
    for (const e of entries) {
      const type = e.type ?? 'file';
      const header: TarHeader = {
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
      await w.add(header, content);
    }
  });
}
