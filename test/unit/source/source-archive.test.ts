/**
 * The tar a build's sources travel in (docs/performance.md, change 11): small files read whole on the
 * calling thread, large ones streamed; both give the listed bytes, modes and times under the prefix;
 * a file that shrank after the listing fails the stream instead of writing a short tar.
 */
import { mkdtempSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { readTarEntries } from '../../../src/archive/index.js';
import { listSourceFiles, packSource } from '../../../src/engine/source/index.js';

function tree(files: Record<string, Buffer | string>): string {
  const root = mkdtempSync(join(tmpdir(), 'codelocal-src-archive-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, name), content);
  return root;
}

describe('source tar', () => {
  it('small and large files arrive whole, with their modes and times, under the prefix', async () => {
    const large = Buffer.alloc(700_000, 7);
    const root = tree({ 'small.txt': 'hello\n', 'large.bin': large, empty: '' });
    utimesSync(join(root, 'small.txt'), new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
    const entries = [];
    for await (const e of readTarEntries(packSource('codebuild/output/src1/src', listSourceFiles(root).entries))) {
      entries.push(e);
    }
    const byName = new Map(entries.map((e) => [e.header.name, e]));
    expect(byName.get('codebuild/output/src1/src/small.txt')?.content.toString()).toBe('hello\n');
    expect(byName.get('codebuild/output/src1/src/small.txt')?.header.mtime?.toISOString()).toBe(
      '2024-01-02T03:04:05.000Z',
    );
    expect(byName.get('codebuild/output/src1/src/large.bin')?.content.equals(large)).toBe(true);
    expect(byName.get('codebuild/output/src1/src/empty')?.content.length).toBe(0);
  });

  it('a small file that shrank after the listing fails the stream, naming the file', async () => {
    const root = tree({ 'a.txt': 'x'.repeat(1000) });
    const listing = listSourceFiles(root);
    truncateSync(join(root, 'a.txt'), 10);
    const drain = new Writable({ write: (_c, _e, cb) => cb() });
    await expect(pipeline(packSource('src', listing.entries), drain)).rejects.toThrow(/a\.txt changed size/);
  });
});
