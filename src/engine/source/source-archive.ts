/**
 * Streams a source listing into a tar (archive/'s TarWriter) for `putArchive`, with every path placed
 * under `prefix` (e.g. `codebuild/output/src123/src`). Large files are streamed, never buffered whole.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { TarWriter } from '../../archive/index.js';
import type { SourceEntry } from './source-files.js';

export interface InMemoryFile {
  path: string;
  /** A file's content; absent for a symbolic link. */
  content?: string | Buffer;
  mode?: number;
  /** Makes the entry a symbolic link to this path. */
  linkTarget?: string;
  /** Makes the entry an (empty) folder with `mode`. */
  directory?: boolean;
}

/**
 * Files up to this size are read whole on this thread (docs/performance.md, change 11): three
 * thread-pool round trips per file (open, read, close) cost more than the read itself, and a source
 * tree is mostly small files. The tar's backpressure still paces the loop: an add resolves only
 * once the consumer has taken what the pack holds, so memory stays at one file and the pack's buffer.
 */
const READ_WHOLE_UP_TO = 256 * 1024;

/** The first `size` bytes of a file (what the listing saw); fewer is an error, as a short stream would be. */
function readListedSize(path: string, size: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) throw new Error(`${path} changed size while it was being packed (${got} of ${size} bytes)`);
      got += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** A tar of `entries` under `prefix`, plus optional generated files (absolute paths without leading slash). */
export function packSource(prefix: string, entries: SourceEntry[], extra: InMemoryFile[] = []): Readable {
  const pack = new TarWriter();
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  const dirs = new Set<string>();
  const addParents = (p: string) => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.has(d)) {
        dirs.add(d);
        pack.queue({ name: d + '/', type: 'directory', mode: 0o755 });
      }
    }
  };
  const run = async () => {
    for (const f of extra) {
      addParents(f.path);
      if (f.directory) {
        dirs.add(f.path);
        pack.queue({ name: f.path + '/', type: 'directory', mode: f.mode ?? 0o755 });
        continue;
      }
      if (f.linkTarget !== undefined) {
        pack.queue({ name: f.path, type: 'symlink', linkname: f.linkTarget, mode: 0o777 });
        continue;
      }
      pack.queue(
        { name: f.path, mode: f.mode ?? 0o644 },
        Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content ?? ''),
      );
    }
    if (clean) {
      addParents(clean + '/x');
    }
    for (const e of entries) {
      const name = clean ? `${clean}/${e.path}` : e.path;
      if (e.type === 'directory') {
        dirs.add(name);
        pack.queue({ name: name + '/', type: 'directory', mode: e.mode, mtime: e.mtime });
      } else if (e.type === 'symlink') {
        pack.queue({ name, type: 'symlink', linkname: e.linkTarget ?? '', mode: 0o777, mtime: e.mtime });
      } else if (e.size === 0) {
        pack.queue({ name, size: 0, mode: e.mode, mtime: e.mtime });
      } else {
        // A file that changed size while packing would corrupt the tar: the add fails, and so does the stream.
        const body =
          e.size <= READ_WHOLE_UP_TO
            ? readListedSize(e.absPath, e.size)
            : createReadStream(e.absPath, { start: 0, end: e.size - 1 });
        await pack.add({ name, size: e.size, mode: e.mode, mtime: e.mtime }, body);
      }
    }
    pack.finalize();
  };
  run().catch((err) => pack.destroy(err));
  return pack.output;
}
