/**
 * Link attacks on the archive layer itself (issue 17, docs/security.md): crafted zips and tars
 * whose links point at host files and folders. Unpacking never writes outside the folder, and no
 * reader, copier or zipper of the unpacked folder reads anything outside it.
 */
import { existsSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createZip,
  extractTarTo,
  extractZip,
  listFilesInside,
  packEntries,
  pathInside,
  readTarEntries,
  readTextInside,
  packHostFiles,
  UNSAFE_PATH,
  type ZipEntry,
} from '../../../src/archive/index.js';
import { listTree } from '../../../src/engine/pipeline/artifacts.js';
import { findMarker, HOST_PASSWD_LINE, hostileLinks, hostSecret, tempDir } from './attack-helpers.js';

/** A crafted zip: one honest file plus every hostile link. */
async function craftedZip(links: Record<string, string>): Promise<string> {
  const dir = tempDir('zip');
  writeFileSync(join(dir, 'honest.txt'), 'honest');
  const entries: ZipEntry[] = [
    { path: 'honest.txt', file: join(dir, 'honest.txt') },
    ...Object.entries(links).map(([path, symlinkTarget]) => ({ path, symlinkTarget })),
  ];
  const zip = join(dir, 'crafted.zip');
  await createZip(entries, zip);
  return zip;
}

describe('attack: links in zips, read side', () => {
  const h = hostSecret();
  const markers = [h.marker, HOST_PASSWD_LINE];

  it('unpacking keeps hostile links as inert links and writes nothing outside', async () => {
    const out = tempDir('out');
    const res = await extractZip(await craftedZip(hostileLinks(h)), out);
    expect(res.symlinks).toBe(Object.keys(hostileLinks(h)).length);
    expect(readlinkSync(join(out, 'abs-file.txt'))).toBe(h.file);
    expect(readFileSync(h.file, 'utf8')).toContain(h.marker); // untouched
    expect(await findMarker(out, markers)).toEqual([]);
  });

  it('every named read through a hostile link is refused with the one unsafe-path code', async () => {
    const out = tempDir('out');
    await extractZip(await craftedZip(hostileLinks(h)), out);
    for (const name of ['abs-file.txt', 'abs-passwd.txt', 'dotdot.txt', 'chain-1.txt', 'sub/chain-3.txt']) {
      expect(() => readTextInside(out, name), name).toThrow(expect.objectContaining({ code: UNSAFE_PATH }));
    }
    // A link to a folder, then a file through it.
    expect(() => readTextInside(out, 'dir-link/passwd')).toThrow(expect.objectContaining({ code: UNSAFE_PATH }));
    expect(() => readTextInside(out, 'to-root/etc/passwd')).toThrow(expect.objectContaining({ code: UNSAFE_PATH }));
    // Names that climb out lexically are refused before any file is touched.
    for (const name of ['../x', '/etc/passwd', 'a\\..\\..\\x', `sub/../../${h.file}`]) {
      expect(() => pathInside(out, name), name).toThrow(expect.objectContaining({ code: UNSAFE_PATH }));
    }
    expect(readTextInside(out, 'honest.txt')).toBe('honest');
    expect(readTextInside(out, 'missing.txt')).toBeUndefined();
  });

  it('links that stay inside the folder still read (an internal link is fine)', async () => {
    const out = tempDir('out');
    await extractZip(await craftedZip({ 'inner.txt': 'honest.txt', 'sub/up.txt': '../honest.txt' }), out);
    expect(readTextInside(out, 'inner.txt')).toBe('honest');
    expect(readTextInside(out, 'sub/up.txt')).toBe('honest');
    const files = listFilesInside(out, () => undefined).map((f) => f.path);
    expect(files).toEqual(['honest.txt', 'inner.txt', 'sub/up.txt']);
  });

  it('an upload of the unpacked folder (S3 objects) skips every hostile link and says why', async () => {
    const out = tempDir('out');
    await extractZip(await craftedZip(hostileLinks(h)), out);
    const skipped: string[] = [];
    const files = listFilesInside(out, (path, why) => skipped.push(`${path}: ${why}`));
    expect(files.map((f) => f.path)).toEqual(['honest.txt']);
    expect(skipped).toHaveLength(Object.keys(hostileLinks(h)).length);
    for (const f of files) expect(readFileSync(f.file, 'utf8')).not.toContain(h.marker);
  });

  it('zipping the unpacked folder again: links kept as links, or followed only inside', async () => {
    const out = tempDir('out');
    await extractZip(await craftedZip({ ...hostileLinks(h), 'inner.txt': 'honest.txt' }), out);
    const dest = tempDir('rezip');
    await createZip(listTree(out), join(dest, 'kept.zip'), { symlinks: true, root: out, compressionLevel: 0 });
    const followed = await createZip(listTree(out), join(dest, 'followed.zip'), { root: out, compressionLevel: 0 });
    expect(followed.skipped).toEqual(expect.arrayContaining(['abs-file.txt', 'dotdot.txt', 'chain-1.txt']));
    // Without an explicit root the entries' own folder is the boundary.
    const implicit = await createZip(listTree(out), join(dest, 'implicit.zip'), { compressionLevel: 0 });
    expect(implicit.skipped).toEqual(expect.arrayContaining(['abs-file.txt', 'abs-passwd.txt']));
    expect(await findMarker(dest, markers)).toEqual([]);
    const check = tempDir('check');
    await extractZip(join(dest, 'followed.zip'), check);
    expect(readFileSync(join(check, 'inner.txt'), 'utf8')).toBe('honest');
  });

  it('packing the unpacked folder for a container keeps links as links (never reads their targets)', async () => {
    const out = tempDir('out');
    await extractZip(await craftedZip(hostileLinks(h)), out);
    const seen: string[] = [];
    for await (const e of readTarEntries(packHostFiles([{ source: out, target: 'src' }]))) {
      seen.push(e.header.type);
      expect(e.content.toString('latin1')).not.toContain(h.marker);
    }
    expect(seen.filter((t) => t === 'symlink')).toHaveLength(Object.keys(hostileLinks(h)).length);
  });
});

describe('attack: links in archives, write side (kept)', () => {
  const h = hostSecret();

  it('a zip with a link to a host folder, then a file through it, is refused and writes nothing there', async () => {
    const dir = tempDir('zip');
    writeFileSync(join(dir, 'payload'), 'overwritten');
    const zip = join(dir, 'slip.zip');
    await createZip(
      [
        { path: 'dir-link', symlinkTarget: h.folder },
        { path: 'dir-link/passwd', file: join(dir, 'payload') },
      ],
      zip,
    );
    const out = tempDir('out');
    await expect(extractZip(zip, out)).rejects.toMatchObject({ code: UNSAFE_PATH });
    expect(readFileSync(join(h.folder, 'passwd'), 'utf8')).toContain(h.marker);
  });

  it('a tar with a link then a file through it is refused with the same code', async () => {
    const out = tempDir('out');
    const tar = packEntries([
      { name: 'l', type: 'symlink', linkname: h.folder },
      { name: 'l/passwd', content: 'overwritten' },
    ]);
    await expect(extractTarTo(tar, out)).rejects.toMatchObject({ code: UNSAFE_PATH });
    expect(readFileSync(join(h.folder, 'passwd'), 'utf8')).toContain(h.marker);
  });

  it('tar entries named ../ or absolute are refused with the same code', async () => {
    for (const name of ['../escape', 'a/../../escape']) {
      const out = tempDir('out');
      await expect(extractTarTo(packEntries([{ name, content: 'x' }]), out), name).rejects.toMatchObject({
        code: UNSAFE_PATH,
      });
      expect(existsSync(join(dirname(out), 'escape'))).toBe(false);
    }
  });

  it('a link planted in the destination before extraction is never written through', async () => {
    const out = tempDir('out');
    mkdirSync(join(out, 'x'));
    symlinkSync(h.file, join(out, 'x', 'f'));
    const dir = tempDir('zip');
    writeFileSync(join(dir, 'payload'), 'overwritten');
    const zip = join(dir, 'z.zip');
    await createZip([{ path: 'x/f', file: join(dir, 'payload') }], zip);
    await expect(extractZip(zip, out)).rejects.toMatchObject({ code: UNSAFE_PATH });
    expect(readFileSync(h.file, 'utf8')).toContain(h.marker);
  });
});
