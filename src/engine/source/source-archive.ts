/**
 * Streams a source listing into a tar (archive/'s TarWriter) for `putArchive`, with every path placed
 * under `prefix` (e.g. `codebuild/output/src123/src`). Files are streamed, never buffered whole.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { TarWriter } from '../../archive/index.js';
import type { SourceEntry } from './source-files.js';

export interface InMemoryFile {
  path: string;
  content: string | Buffer;
  mode?: number;
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
      pack.queue(
        { name: f.path, mode: f.mode ?? 0o644 },
        typeof f.content === 'string' ? Buffer.from(f.content) : f.content,
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
        const body = createReadStream(e.absPath, { start: 0, end: e.size - 1 });
        await pack.add({ name, size: e.size, mode: e.mode, mtime: e.mtime }, body);
      }
    }
    pack.finalize();
  };
  run().catch((err) => pack.destroy(err));
  return pack.output;
}
