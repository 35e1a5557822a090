/**
 * The zip conventions every zip codelocal writes or reads follows: Unix mode bits in the high 16
 * bits of the external attributes (made-by = Unix), what Info-ZIP and CodeBuild's zips carry, and
 * symlinks stored as S_IFLNK entries whose content is the target (the Info-ZIP convention).
 */
import type yauzl from 'yauzl';

export const S_IFMT = 0o170000;
export const S_IFLNK = 0o120000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;

/** Unix mode of an entry, or undefined for archives made elsewhere (their attributes mean something else). */
export function unixMode(entry: yauzl.Entry): number | undefined {
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  return madeByUnix && mode !== 0 ? mode : undefined;
}
