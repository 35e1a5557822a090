/**
 * The file list of an output artifact (a zip in the local S3 store) for the pipeline page, read from the
 * zip's central directory only: names and sizes, without inflating anything. ZIP64 archives (over 65,535
 * entries or 4 GiB) are listed as far as the classic fields allow, which is enough for a list to look at.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ZipListedFile {
  name: string;
  size: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  const n = readSync(fd, b, 0, length, position);
  return b.subarray(0, n);
}

/** At most `limit` files (directories left out); an unreadable file gives an empty list. */
export function listZip(path: string, limit = 2000): ZipListedFile[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 22 + 65_535);
    const tail = readAt(fd, size - tailLen, tailLen);
    let at = -1;
    for (let i = tail.length - 22; i >= 0 && at < 0; i--) if (tail.readUInt32LE(i) === EOCD) at = i;
    if (at < 0) return [];
    const count = tail.readUInt16LE(at + 10);
    const dirSize = tail.readUInt32LE(at + 12);
    const dirOffset = tail.readUInt32LE(at + 16);
    const dir = readAt(fd, dirOffset, dirSize);
    const out: ZipListedFile[] = [];
    let p = 0;
    for (let n = 0; n < count && p + 46 <= dir.length && out.length < limit; n++) {
      if (dir.readUInt32LE(p) !== CENTRAL) break;
      const nameLen = dir.readUInt16LE(p + 28);
      const extra = dir.readUInt16LE(p + 30);
      const comment = dir.readUInt16LE(p + 32);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLen);
      if (!name.endsWith('/')) out.push({ name, size: dir.readUInt32LE(p + 24) });
      p += 46 + nameLen + extra + comment;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
