/**
 * The build container's bootstrap (src/guest/files/codebuild/bootstrap.sh) played by the fake runtime:
 * the tar the host sends on stdin is collected until its end-of-archive block and its padding to whole
 * 10 KiB records (what GNU tar needs to stop reading), so a unit test fails if the host sends too little or
 * sends requests before the archive is complete. Tests only.
 */
const BLOCK = 512;
const RECORD = 10240;

/** Bytes of stdin taken as a tar: `done` once the archive and its record padding have arrived. */
export class StdinTar {
  private chunks: Buffer[] = [];
  private length = 0;

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The whole archive once its end block has arrived and the length is whole records; else undefined. */
  complete(): Buffer | undefined {
    if (this.length === 0 || this.length % RECORD !== 0) return undefined;
    const all = Buffer.concat(this.chunks);
    return endOfArchive(all) === undefined ? undefined : all;
  }
}

/** Offset of the first all-zero header block (the end of the archive), or undefined if not there yet. */
function endOfArchive(buf: Buffer): number | undefined {
  let at = 0;
  while (at + BLOCK <= buf.length) {
    const header = buf.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return at;
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}
