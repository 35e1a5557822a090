/**
 * Streams a directory tree (a debootstrap root file system) as a tar, keeping what an OS image
 * needs: modes incl. setuid/setgid/sticky, numeric owners, symlinks, hard links, device nodes, fifos.
 * Written with tar-stream (no host `tar`), one entry at a time so memory stays flat.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tar, { type Header as TarHeader } from 'tar-stream';

/** Linux dev_t → major/minor (glibc's gnu_dev_major/minor). */
export function deviceNumbers(rdev: number): { major: number; minor: number } {
  const big = BigInt(rdev);
  const major = Number(((big >> 8n) & 0xfffn) | ((big >> 32n) & ~0xfffn));
  const minor = Number((big & 0xffn) | ((big >> 12n) & ~0xffn));
  return { major, minor };
}

type Header = Partial<TarHeader> & Pick<TarHeader, 'name'>;

/**
 * A tar of everything below `root` (entry names are relative, without a leading `./`).
 * `skip(relPath)` can leave entries out (their children too).
 */
export function packDirectory(root: string, options: { skip?: (rel: string) => boolean } = {}): Readable {
  const pack = tar.pack();
  const seenInodes = new Map<string, string>();

  const addEntry = (header: Header, body?: string | Buffer): Promise<void> =>
    new Promise((resolve, reject) => pack.entry(header, body ?? '', (err) => (err ? reject(err) : resolve())));

  const walk = async (dirRel: string): Promise<void> => {
    const names = (await readdir(join(root, dirRel))).sort();
    for (const name of names) {
      const rel = dirRel ? `${dirRel}/${name}` : name;
      if (options.skip?.(rel)) continue;
      const abs = join(root, rel);
      const st = await lstat(abs);
      const base: Header = {
        name: rel,
        mode: st.mode & 0o7777,
        uid: st.uid,
        gid: st.gid,
        mtime: st.mtime,
      };
      if (st.isDirectory()) {
        await addEntry({ ...base, type: 'directory' });
        await walk(rel);
      } else if (st.isSymbolicLink()) {
        await addEntry({ ...base, type: 'symlink', linkname: await readlink(abs) });
      } else if (st.isFile()) {
        const inode = `${st.dev}:${st.ino}`;
        const first = st.nlink > 1 ? seenInodes.get(inode) : undefined;
        if (first !== undefined) {
          await addEntry({ ...base, type: 'link', linkname: first });
          continue;
        }
        if (st.nlink > 1) seenInodes.set(inode, rel);
        if (st.size === 0) {
          await addEntry({ ...base, type: 'file', size: 0 });
          continue;
        }
        await new Promise<void>((resolve, reject) => {
          const entry = pack.entry({ ...base, type: 'file', size: st.size }, (err) => (err ? reject(err) : resolve()));
          pipeline(createReadStream(abs), entry as unknown as NodeJS.WritableStream).catch(reject);
        });
      } else if (st.isCharacterDevice() || st.isBlockDevice()) {
        const { major, minor } = deviceNumbers(st.rdev);
        await addEntry({
          ...base,
          type: st.isCharacterDevice() ? 'character-device' : 'block-device',
          devmajor: major,
          devminor: minor,
        });
      } else if (st.isFIFO()) {
        await addEntry({ ...base, type: 'fifo' });
      }
      // Sockets cannot be stored in a tar; a root file system has none worth keeping.
    }
  };

  walk('')
    .then(() => pack.finalize())
    .catch((err: Error) => pack.destroy(err));
  return pack as unknown as Readable;
}
