/**
 * Extraction with positioned reads on the calling thread (issue 14, docs/performance.md change 11):
 * every check yauzl's read streams made still holds for entries read whole (method, encryption,
 * sizes), a lying entry cannot inflate without bound, large entries still stream from the same open
 * file, and the event loop gets turns while thousands of small files are written.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createZip, extractZip } from '../../../src/archive/index.js';
import { tempDir } from './attack-helpers.js';

interface RawEntry {
  name: string;
  /** The bytes as stored (already deflated for method 8). */
  stored: Buffer;
  method: number;
  crc: number;
  uncompressedSize: number;
  flags?: number;
}

/** A zip written byte by byte, so an entry can claim what its bytes do not hold. */
/**
 * The fields a local header and a central record share, in the same order from `at` (flags, method, time, date,
 * CRC-32, stored size, size, name length): the local header has them from offset 6, the central record from 8.
 */
function writeEntryFields(buf: Buffer, at: number, e: RawEntry, nameLength: number): void {
  buf.writeUInt16LE(e.flags ?? 0, at);
  buf.writeUInt16LE(e.method, at + 2);
  buf.writeUInt32LE(e.crc, at + 8);
  buf.writeUInt32LE(e.stored.length, at + 12);
  buf.writeUInt32LE(e.uncompressedSize, at + 16);
  buf.writeUInt16LE(nameLength, at + 20);
}

function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    writeEntryFields(local, 6, e, name.length);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | 20, 4);
    record.writeUInt16LE(20, 6);
    writeEntryFields(record, 8, e, name.length);
    record.writeUInt32LE(0o100644 * 0x10000, 38);
    record.writeUInt32LE(offset, 42);
    locals.push(local, name, e.stored);
    central.push(record, name);
    offset += local.length + name.length + e.stored.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function deflated(name: string, data: Buffer, claim = data.length): RawEntry {
  return { name, stored: deflateRawSync(data), method: 8, crc: crc32(data), uncompressedSize: claim };
}

async function extractRaw(entries: RawEntry[]) {
  const dir = tempDir('zip-sync-');
  const zip = join(dir, 'z.zip');
  writeFileSync(zip, rawZip(entries));
  const dest = join(dir, 'out');
  return { dest, result: extractZip(zip, dest) };
}

describe('zip entries read whole', () => {
  it('a well-formed hand-written zip extracts (the writer below is sound)', async () => {
    const { dest, result } = await extractRaw([deflated('a.txt', Buffer.from('hello\n'))]);
    await result;
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('hello\n');
  });

  it('an entry that inflates past its declared size is refused after at most one byte more', async () => {
    const bomb = Buffer.alloc(8 * 1024 * 1024);
    const { dest, result } = await extractRaw([deflated('bomb.bin', bomb, 10)]);
    await expect(result).rejects.toMatchObject({
      code: 'ZIP_INVALID',
      message: expect.stringMatching(/too many bytes/),
    });
    expect(readdirSync(dest)).toEqual([]);
  });

  it('an entry that inflates short of its declared size is refused', async () => {
    const { result } = await extractRaw([deflated('short.txt', Buffer.from('abc'), 100)]);
    await expect(result).rejects.toMatchObject({
      code: 'ZIP_INVALID',
      message: expect.stringMatching(/too few bytes/),
    });
  });

  it('unsupported methods and encrypted entries are refused, not written as garbage', async () => {
    const data = Buffer.from('x'.repeat(100));
    const bzip2 = await extractRaw([{ ...deflated('b.txt', data), method: 12 }]);
    await expect(bzip2.result).rejects.toMatchObject({
      code: 'ZIP_INVALID',
      message: expect.stringMatching(/unsupported compression method: 12/),
    });
    const encrypted = await extractRaw([{ ...deflated('e.txt', data), flags: 1 }]);
    await expect(encrypted.result).rejects.toMatchObject({ code: 'ZIP_INVALID' });
    expect(readdirSync(encrypted.dest)).toEqual([]);
  });
});

async function zipOf(count: number, sizeOf: (i: number) => number) {
  const dir = tempDir('zip-sync-many-');
  const src = join(dir, 'src');
  mkdirSync(src);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const path = `f${String(i).padStart(4, '0')}.txt`;
    const size = sizeOf(i);
    writeFileSync(join(src, path), size ? Buffer.alloc(size, i % 251) : `file ${i}\n`);
    entries.push({ path, file: join(src, path) });
  }
  const zip = join(dir, 'z.zip');
  await createZip(entries, zip, { root: src });
  return { zip, out: join(dir, 'out') };
}

describe('mixed sizes and the event loop', () => {
  it('large entries stream between small ones from the same open file (its descriptor stays open)', async () => {
    // Entries 7, 207, 407: above the whole-read limit, each followed by small ones.
    const { zip, out } = await zipOf(600, (i) => (i % 200 === 7 ? 600_000 : 0));
    expect((await extractZip(zip, out)).files).toBe(600);
    expect(statSync(join(out, 'f0407.txt')).size).toBe(600_000);
    expect(readFileSync(join(out, 'f0408.txt'), 'utf8')).toBe('file 408\n');
    expect(readFileSync(join(out, 'f0599.txt'), 'utf8')).toBe('file 599\n');
  });

  it('thousands of small files are written in slices: a timer keeps firing meanwhile', async () => {
    const { zip, out } = await zipOf(1500, () => 0);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      expect((await extractZip(zip, out)).files).toBe(1500);
    } finally {
      clearInterval(timer);
    }
    // Small entries are read and written synchronously: without the 15 ms slices the extraction
    // after the directory is read would be a single turn of the event loop.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });
});
