/**
 * Reading tar streams with tar-stream (getArchive output, `git archive`): iterating entries,
 * reading one small file, and extracting into a host folder under the safe-path rule.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar, { type Header } from 'tar-stream';
import { FolderMaker, safeSegments, unsafePath } from './safe-path.js';

export type { Header as TarEntryHeader } from 'tar-stream';

/** One entry of a tar stream being read: its header and its body (read it or leave it, never both later). */
export interface TarStreamEntry {
  header: Header;
  body: Readable;
}

/**
 * The entries of a tar stream, one at a time; a body left unread is skipped when the loop moves on.
 * Breaking out of the loop stops the read.
 */
export async function* iterateTar(stream: NodeJS.ReadableStream): AsyncGenerator<TarStreamEntry> {
  const extract = tar.extract();
  (stream as Readable).on('error', (err: Error) => extract.destroy(err));
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) {
    yield { header: entry.header, body: entry as unknown as Readable };
    entry.resume();
  }
}

/** One archive entry with its content read into memory. */
export interface TarEntry {
  header: Header;
  content: Buffer;
}

/** Collects a whole stream into one Buffer (small archives: putArchive accepts either). */
export async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** Iterates the entries of a tar stream (contents buffered: meant for reports and small artifacts). */
export async function* readTarEntries(stream: NodeJS.ReadableStream): AsyncGenerator<TarEntry> {
  for await (const e of iterateTar(stream)) yield { header: e.header, content: await streamToBuffer(e.body) };
}

/** The text of the first regular file in a tar stream (getArchive of one file), or undefined. */
export async function firstFileText(stream: NodeJS.ReadableStream): Promise<string | undefined> {
  let text: string | undefined;
  for await (const e of iterateTar(stream)) {
    const content = await streamToBuffer(e.body);
    if (text === undefined && e.header.type === 'file') text = content.toString('utf8');
  }
  return text;
}

/** The host path of an entry under `root`, after stripping `strip` leading segments; undefined for the root itself. */
function entryPath(name: string, strip: number): string[] | undefined {
  const segs = name
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .slice(strip);
  if (segs.length === 0) return undefined;
  try {
    return safeSegments(segs.join('/'));
  } catch {
    throw unsafePath(name, 'archive entry escapes the destination folder');
  }
}

/**
 * Extracts a tar stream (e.g. from getArchive) into a host folder. `strip` drops leading path elements,
 * like tar's --strip-components. Nothing is written through a link (the safe-path rule).
 * Returns the host paths written.
 */
export async function extractTarTo(
  stream: NodeJS.ReadableStream,
  dest: string,
  options: { strip?: number } = {},
): Promise<string[]> {
  const root = path.resolve(dest);
  await fs.mkdir(root, { recursive: true });
  const folders = new FolderMaker(root);
  const strip = options.strip ?? 0;
  const written: string[] = [];
  for await (const { header: h, body } of iterateTar(stream)) {
    const segs = entryPath(h.name, strip);
    if (!segs) continue;
    const parent = folders.ensure(segs.slice(0, -1), h.name);
    const target = path.join(parent, segs[segs.length - 1]!);
    if (h.type === 'directory') {
      // Created with the archive's mode (narrowed by the umask, as tar does), then checked like any folder.
      await fs.mkdir(target, { mode: h.mode }).catch(() => undefined);
      folders.ensure(segs, h.name);
    } else if (h.type === 'symlink') {
      await fs.rm(target, { force: true });
      await fs.symlink(h.linkname ?? '', target);
    } else if (h.type === 'link') {
      const linkSegs = entryPath(h.linkname ?? '', strip);
      if (!linkSegs) throw unsafePath(h.name, 'hard link to the destination itself');
      await fs.rm(target, { force: true });
      await fs.link(path.join(root, ...linkSegs), target);
    } else if (h.type === 'file' || h.type === 'contiguous-file') {
      // A link already at the target is replaced, never written through.
      await fs.rm(target, { force: true });
      await pipeline(body, createWriteStream(target, { mode: h.mode }));
      // The process umask narrows the mode on create; archives carry the exact bits.
      if (h.mode !== undefined) await fs.chmod(target, h.mode & 0o7777);
    } else continue;
    written.push(target);
  }
  return written;
}
