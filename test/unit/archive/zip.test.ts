import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createZip, extractZip, type ZipEntry } from '../../../src/archive/index.js';
import { useTempDirs } from '../stores/helpers.js';

describe('zip', () => {
  const tmp = useTempDirs();

  function fixture(): { dir: string; entries: ZipEntry[] } {
    const dir = tmp();
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'run.sh'), '#!/bin/sh\necho hi\n');
    chmodSync(join(dir, 'bin', 'run.sh'), 0o755);
    writeFileSync(join(dir, 'readonly.txt'), 'ro');
    chmodSync(join(dir, 'readonly.txt'), 0o444);
    writeFileSync(join(dir, 'data.json'), '{"a":1}');
    symlinkSync('data.json', join(dir, 'link.json'));
    return {
      dir,
      entries: [
        { path: 'readonly.txt', file: join(dir, 'readonly.txt') },
        { path: 'bin/run.sh', file: join(dir, 'bin', 'run.sh') },
        { path: 'data.json', file: join(dir, 'data.json') },
        { path: 'link.json', file: join(dir, 'link.json') },
        { path: 'empty', directory: true },
      ],
    };
  }

  it('round-trips content, mode bits and symlinks when asked to keep them', async () => {
    const { dir, entries } = fixture();
    const zip = join(tmp(), 'a.zip');
    const summary = await createZip(entries, zip, { symlinks: true });
    expect(summary.entries).toBe(5);
    const out = tmp();
    const res = await extractZip(zip, out);
    expect(res).toEqual({ files: 3, directories: 1, symlinks: 1 });
    expect(readFileSync(join(out, 'bin', 'run.sh'), 'utf8')).toBe(readFileSync(join(dir, 'bin', 'run.sh'), 'utf8'));
    expect(statSync(join(out, 'bin', 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, 'readonly.txt')).mode & 0o777).toBe(0o444);
    expect(lstatSync(join(out, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(out, 'link.json'))).toBe('data.json');
    expect(statSync(join(out, 'empty')).isDirectory()).toBe(true);
  });

  it('follows symlinks by default (CodeBuild without enable-symlinks) and extracting twice overwrites read-only files', async () => {
    const { entries } = fixture();
    const zip = join(tmp(), 'b.zip');
    await createZip(entries, zip);
    const out = tmp();
    await extractZip(zip, out);
    await extractZip(zip, out);
    expect(lstatSync(join(out, 'link.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(out, 'link.json'), 'utf8')).toBe('{"a":1}');
  });

  it('is deterministic: same entries in any order with a fixed mtime give identical bytes', async () => {
    const { entries } = fixture();
    const mtime = new Date('2024-01-02T03:04:05Z');
    const z1 = join(tmp(), '1.zip');
    const z2 = join(tmp(), '2.zip');
    await createZip(entries, z1, { mtime });
    await createZip([...entries].reverse(), z2, { mtime });
    expect(readFileSync(z1).equals(readFileSync(z2))).toBe(true);
  });

  it('can skip symlinks on extract (CODE_ZIP sources drop them)', async () => {
    const { entries } = fixture();
    const zip = join(tmp(), 'c.zip');
    await createZip(entries, zip, { symlinks: true });
    const out = tmp();
    const res = await extractZip(zip, out, { symlinks: false });
    expect(res.symlinks).toBe(0);
    expect(existsSync(join(out, 'link.json'))).toBe(false);
  });

  it('rejects ".." and absolute paths when creating', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), 'x');
    await expect(createZip([{ path: '../f', file: join(dir, 'f') }], join(dir, 'z.zip'))).rejects.toMatchObject({
      code: 'ARCHIVE_UNSAFE_PATH',
    });
    await expect(createZip([{ path: '/etc/f', file: join(dir, 'f') }], join(dir, 'z.zip'))).rejects.toMatchObject({
      code: 'ARCHIVE_UNSAFE_PATH',
    });
  });

  it('refuses to extract an entry named ../ (zip-slip) and writes nothing outside', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), 'evil');
    const zip = join(dir, 'slip.zip');
    // Build with a same-length harmless name, then patch the name in both headers to "../evil".
    await createZip([{ path: 'xx/evil', file: join(dir, 'f') }], zip);
    const bytes = readFileSync(zip);
    const patched = Buffer.from(bytes.toString('latin1').replaceAll('xx/evil', '../evil'), 'latin1');
    writeFileSync(zip, patched);
    const out = join(dir, 'out');
    await expect(extractZip(zip, out)).rejects.toMatchObject({
      code: 'ARCHIVE_UNSAFE_PATH',
      message: expect.stringContaining('../evil'),
    });
    expect(existsSync(join(dir, 'evil'))).toBe(false);
  });

  it('refuses to write through a symlink planted in the archive', async () => {
    const dir = tmp();
    const outside = tmp();
    writeFileSync(join(dir, 'f'), 'evil');
    const zip = join(dir, 'plant.zip');
    await createZip(
      [
        { path: 'sub', symlinkTarget: outside },
        { path: 'sub/x', file: join(dir, 'f') },
      ],
      zip,
    );
    const out = join(dir, 'out');
    await expect(extractZip(zip, out)).rejects.toMatchObject({
      code: 'ARCHIVE_UNSAFE_PATH',
      message: expect.stringContaining('sub'),
    });
    expect(existsSync(join(outside, 'x'))).toBe(false);
  });

  it('refuses to write through a symlinked folder already in the destination', async () => {
    const dir = tmp();
    const outside = tmp();
    writeFileSync(join(dir, 'f'), 'evil');
    const zip = join(dir, 'z.zip');
    await createZip([{ path: 'sub/x', file: join(dir, 'f') }], zip);
    const out = join(dir, 'out');
    mkdirSync(out);
    symlinkSync(outside, join(out, 'sub'));
    await expect(extractZip(zip, out)).rejects.toMatchObject({ code: 'ARCHIVE_UNSAFE_PATH' });
    expect(existsSync(join(outside, 'x'))).toBe(false);
  });
});
