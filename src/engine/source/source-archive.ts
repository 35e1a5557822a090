/**
 * Streams a source listing into a tar (tar-stream) for `putArchive`, with every path placed
 * under `prefix` (e.g. `codebuild/output/src123/src`). Files are streamed, never buffered whole.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Readable } from 'node:stream';
import type { SourceEntry } from './source-files.js';

export interface InMemoryFile {
  path: string;
  content: string | Buffer;
  mode?: number;
}

/** A tar of `entries` under `prefix`, plus optional generated files (absolute paths without leading slash). */
export function packSource(prefix: string, entries: SourceEntry[], extra: InMemoryFile[] = []): Readable {
  const pack = tar.pack();
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  const dirs = new Set<string>();
  const addParents = (p: string) => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.has(d)) {
        dirs.add(d);
        pack.entry({ name: d + '/', type: 'directory', mode: 0o755 });
      }
    }
  };
  const run = async () => {
    for (const f of extra) {
      addParents(f.path);
      pack.entry(
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
        pack.entry({ name: name + '/', type: 'directory', mode: e.mode, mtime: e.mtime });
      } else if (e.type === 'symlink') {
        pack.entry({ name, type: 'symlink', linkname: e.linkTarget ?? '', mode: 0o777, mtime: e.mtime });
      } else if (e.size === 0) {
        pack.entry({ name, size: 0, mode: e.mode, mtime: e.mtime }, Buffer.alloc(0));
      } else {
        const entry = pack.entry({ name, size: e.size, mode: e.mode, mtime: e.mtime });
        await pipeline(createReadStream(e.absPath, { start: 0, end: e.size - 1 }), entry).catch(async (err) => {
          // A file that changed size while packing would corrupt the tar: fail loudly.
          pack.destroy(err as Error);
          throw err;
        });
      }
    }
    pack.finalize();
  };
  run().catch((err) => pack.destroy(err as Error));
  return pack as unknown as Readable;
}
