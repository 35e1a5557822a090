/** The zip speed-ups of issue 14: native CRC-32 (same checksums) and no second deflate of compressed files. */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createZip } from '../../../src/archive/index.js';
import { nativeCrc32 } from '../../../src/archive/zip-crc.js';
import { tempDir } from './attack-helpers.js';

/** CRC-32 the slow way (the IEEE polynomial), to check the native one end to end. */
function referenceCrc(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function entries(zip: string): Promise<yauzl.Entry[]> {
  return new Promise((res, rej) =>
    yauzl.open(zip, { lazyEntries: false }, (err, zf) => {
      if (err) return rej(err);
      const out: yauzl.Entry[] = [];
      zf.on('entry', (e: yauzl.Entry) => out.push(e));
      zf.on('end', () => res(out));
      zf.on('error', rej);
    }),
  );
}

describe('zip speed-ups', () => {
  it('checksums with zlib.crc32 on this Node, and the checksums are the standard CRC-32', async () => {
    expect(nativeCrc32).toBe(typeof crc32 === 'function');
    const dir = tempDir('crc');
    const data = randomBytes(300_000);
    writeFileSync(join(dir, 'a.bin'), data);
    const zip = join(dir, 'z.zip');
    await createZip([{ path: 'a.bin', file: join(dir, 'a.bin') }], zip);
    const [e] = await entries(zip);
    expect(e!.crc32).toBe(referenceCrc(data));
  });

  it('stores already-compressed files instead of deflating them again', async () => {
    const dir = tempDir('stored');
    writeFileSync(join(dir, 'a.gz'), Buffer.alloc(10_000, 'x'));
    writeFileSync(join(dir, 'a.txt'), Buffer.alloc(10_000, 'x'));
    const zip = join(dir, 'z.zip');
    await createZip(
      ['a.gz', 'a.txt'].map((p) => ({ path: p, file: join(dir, p) })),
      zip,
    );
    const byName = Object.fromEntries((await entries(zip)).map((e) => [e.fileName, e.compressionMethod]));
    expect(byName).toEqual({ 'a.gz': 0, 'a.txt': 8 });
  });
});
