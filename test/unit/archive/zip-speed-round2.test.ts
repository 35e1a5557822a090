/**
 * The second round of zip speed-ups (issue 14): incompressible content stored after an entropy
 * probe, small files read whole a bounded few ahead; a damaged zip still fails cleanly.
 * The archives must stay ordinary zips with the same contents (checked with Python's zipfile too).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createZip, extractZip } from '../../../src/archive/index.js';
import { looksIncompressible, ReadAhead } from '../../../src/archive/zip-read-ahead.js';
import { tempDir } from './attack-helpers.js';

function methods(zip: string): Promise<Record<string, number>> {
  return new Promise((res, rej) =>
    yauzl.open(zip, { lazyEntries: false }, (err, zf) => {
      if (err) return rej(err);
      const out: Record<string, number> = {};
      zf.on('entry', (e: yauzl.Entry) => (out[e.fileName] = e.compressionMethod));
      zf.on('end', () => res(out));
      zf.on('error', rej);
    }),
  );
}

const text = (n: number) => Buffer.from('const x = "ordinary source text";\n'.repeat(Math.ceil(n / 34))).subarray(0, n);

describe('entropy probe', () => {
  it('takes random bytes as incompressible and text, zeros and tiny samples as compressible', () => {
    expect(looksIncompressible(randomBytes(4096))).toBe(true);
    expect(looksIncompressible(randomBytes(100_000))).toBe(true);
    expect(looksIncompressible(text(4096))).toBe(false);
    expect(looksIncompressible(Buffer.alloc(4096))).toBe(false);
    expect(looksIncompressible(randomBytes(500))).toBe(false);
  });
});

describe('zip of many small and some large files', () => {
  it('stores random content, deflates text, and every byte, mode and mtime comes back', async () => {
    const dir = tempDir('round2');
    const src = join(dir, 'src');
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 300; i++) files[`d${i % 7}/t${i}.txt`] = text(100 + i * 37);
    for (let i = 0; i < 40; i++) files[`r/rand${i}.bin`] = randomBytes(5000 + i * 997);
    files['big/text.log'] = text(3 * 1024 * 1024);
    files['big/random.dat'] = randomBytes(2 * 1024 * 1024);
    const when = new Date('2021-03-04T05:06:08Z');
    for (const [p, data] of Object.entries(files)) {
      mkdirSync(join(src, p, '..'), { recursive: true });
      writeFileSync(join(src, p), data, { mode: p.endsWith('.bin') ? 0o755 : 0o644 });
      utimesSync(join(src, p), when, when);
    }
    const zip = join(dir, 'z.zip');
    const names = Object.keys(files);
    const summary = await createZip(
      names.map((p) => ({ path: p, file: join(src, p) })),
      zip,
      { root: src, compressionLevel: 1 },
    );
    expect(summary.entries).toBe(names.length);
    const m = await methods(zip);
    expect(m['r/rand3.bin']).toBe(0);
    expect(m['big/random.dat']).toBe(0);
    expect(m['d1/t1.txt']).toBe(8);
    expect(m['big/text.log']).toBe(8);

    const out = join(dir, 'out');
    await extractZip(zip, out);
    for (const [p, data] of Object.entries(files)) {
      expect(readFileSync(join(out, p)).equals(data), p).toBe(true);
      const st = statSync(join(out, p));
      expect(st.mode & 0o777, p).toBe(p.endsWith('.bin') ? 0o755 : 0o644);
      expect(st.mtime.getTime(), p).toBe(when.getTime());
    }
    const py = spawnSync('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())', zip]);
    if (py.status !== null && !py.error) expect(py.stdout.toString().trim()).toBe('None');
  });

  it('rejects a file that vanished between planning and reading, with no hang', async () => {
    const dir = tempDir('vanish');
    writeFileSync(join(dir, 'a.txt'), text(1000));
    writeFileSync(join(dir, 'b.txt'), text(1000));
    const entries = [
      { path: 'a.txt', file: join(dir, 'a.txt') },
      { path: 'b.txt', file: join(dir, 'gone.txt') },
    ];
    await expect(createZip(entries, join(dir, 'z.zip'), { root: dir })).rejects.toThrow();
  });
});

describe('ReadAhead', () => {
  it('holds a bounded number of files and serves them in order', async () => {
    const dir = tempDir('ahead');
    const files = Array.from({ length: 80 }, (_, i) => {
      const path = join(dir, `f${i}`);
      writeFileSync(path, Buffer.from(`file ${i}`));
      return { path, size: 6 + String(i).length };
    });
    const ahead = new ReadAhead(files);
    const first = await ahead.take(0);
    expect(first.toString()).toBe('file 0');
    // Nothing released: file 40 is beyond the bound and waits until earlier buffers are let go.
    let got: string | undefined;
    const late = ahead.take(40).then((b) => (got = b.toString()));
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toBeUndefined();
    for (let i = 0; i <= 8; i++) ahead.release(i);
    await late;
    expect(got).toBe('file 40');
  });

  it('fails waiting consumers when aborted', async () => {
    const dir = tempDir('abort');
    const files = Array.from({ length: 40 }, (_, i) => {
      writeFileSync(join(dir, `f${i}`), 'x');
      return { path: join(dir, `f${i}`), size: 1 };
    });
    const ahead = new ReadAhead(files);
    const waiting = ahead.take(39);
    ahead.abort(new Error('zip failed'));
    await expect(waiting).rejects.toThrow('zip failed');
  });
});

describe('extraction', () => {
  it('reports a truncated zip as ZIP_INVALID', async () => {
    const dir = tempDir('trunc');
    for (let i = 0; i < 50; i++) writeFileSync(join(dir, `f${i}.txt`), text(2000));
    const zip = join(dir, 'z.zip');
    await createZip(
      Array.from({ length: 50 }, (_, i) => ({ path: `f${i}.txt`, file: join(dir, `f${i}.txt`) })),
      zip,
      { root: dir },
    );
    truncateSync(zip, statSync(zip).size - 200);
    await expect(extractZip(zip, join(dir, 'out'))).rejects.toMatchObject({ code: 'ZIP_INVALID' });
  });
});
