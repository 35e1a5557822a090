/**
 * Speed (issue 14, docs/performance.md "Artifact hand-off, round two"): small files are read whole,
 * a few ahead of the one yazl is writing, instead of one descriptor and stream at a time, and each
 * is probed for entropy so that incompressible content (binaries, random data, anything already
 * compressed whatever its name) is stored instead of deflated. Deflating random bytes at level 1
 * runs at about 25 MB/s on this machine and saves nothing; the zip's bytes are not observable on
 * AWS, only its contents (docs/aws/codepipeline.md §3), so the choice of method is ours.
 *
 * Memory stays bounded: at most READ_AHEAD_FILES files and READ_AHEAD_BYTES bytes are held, a
 * buffer is released once yazl has started writing it.
 */
import { close, open, read } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** Files up to this size are read whole; larger ones stream through yazl.addFile. */
export const READ_WHOLE_BELOW = 1024 * 1024;
const READ_AHEAD_FILES = 32;
const READ_AHEAD_BYTES = 32 * 1024 * 1024;

/** Bytes sampled from the start of a file to judge whether deflate can shrink it. */
const PROBE_BYTES = 4096;
/** Shannon entropy (bits per byte) above which a sample is taken as incompressible; random data is ~7.95. */
const INCOMPRESSIBLE_BITS = 7.5;

/**
 * A file's content when its size is known from the plan: open, one read, close (readFile adds an
 * fstat). One byte more is asked for, so a file that grew since is read again in full.
 */
function readKnownSize(path: string, size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (err, fd) => {
      if (err) return reject(err);
      const buf = Buffer.allocUnsafe(size + 1);
      read(fd, buf, 0, size + 1, 0, (rerr, n) => {
        close(fd, () => undefined);
        if (rerr) return reject(rerr);
        if (n <= size) return resolve(buf.subarray(0, n));
        readFile(path).then(resolve, reject);
      });
    });
  });
}

/** True when the first bytes of `data` look incompressible (too few to judge: false). */
export function looksIncompressible(data: Buffer): boolean {
  const n = Math.min(data.length, PROBE_BYTES);
  if (n < 1024) return false;
  const counts = new Uint32Array(256);
  for (let i = 0; i < n; i++) counts[data[i]!]!++;
  let bits = 0;
  for (const c of counts) if (c) bits -= (c / n) * Math.log2(c / n);
  return bits > INCOMPRESSIBLE_BITS;
}

export interface AheadFile {
  /** Real path, already checked to be inside the zipped folder. */
  path: string;
  size: number;
}

/**
 * Reads the given files in order, up to the bounds ahead of the consumer. `take(i)` gives file i's
 * content; `release(i)` says its buffer may be counted out of the budget (yazl is writing it).
 */
export class ReadAhead {
  private readonly reads = new Map<number, Promise<Buffer>>();
  private next = 0;
  private heldBytes = 0;
  private readonly released = new Set<number>();
  /** Consumers waiting for a file not started yet (the bounds were full). */
  private readonly waiting = new Map<number, { resolve: (b: Promise<Buffer>) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  constructor(private readonly files: readonly AheadFile[]) {}

  private fill(): void {
    while (
      this.next < this.files.length &&
      this.reads.size < READ_AHEAD_FILES &&
      (this.heldBytes < READ_AHEAD_BYTES || this.reads.size === 0)
    ) {
      const f = this.files[this.next]!;
      const p = readKnownSize(f.path, f.size);
      p.catch(() => undefined); // surfaced by take(); not an unhandled rejection meanwhile
      this.reads.set(this.next, p);
      this.heldBytes += f.size;
      this.waiting.get(this.next)?.resolve(p);
      this.waiting.delete(this.next);
      this.next++;
    }
  }

  /** File i's content (files must be taken in order); waits while the bounds are full. */
  take(i: number): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    this.fill();
    const started = this.reads.get(i);
    if (started) return started;
    return new Promise<Promise<Buffer>>((resolve, reject) => this.waiting.set(i, { resolve, reject })).then((p) => p);
  }

  /** The zip failed: no one waits for room that will never come. */
  abort(err: Error): void {
    this.failure = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  /** File i's buffer is on its way out: it no longer counts against the bounds. */
  release(i: number): void {
    if (this.released.has(i)) return;
    this.released.add(i);
    this.reads.delete(i);
    this.heldBytes -= this.files[i]!.size;
    this.fill();
  }

  /** A stream of a buffer already in memory, in one chunk. */
  static streamOf(data: Buffer): Readable {
    return Readable.from([data], { objectMode: false });
  }
}
