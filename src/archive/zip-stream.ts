/**
 * A zip written while its entries stream in, for artifacts read straight out of a container's tar
 * and CODE_ZIPs read out of `git archive` (zip-create.ts builds zips from files on disk; here there
 * are none to point it at). Same conventions (zip-format.ts). The output is hashed as it passes
 * (the Build's sha256sum/md5sum).
 */
import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable } from 'node:stream';
import yazl from 'yazl';
import './zip-crc.js';
import { S_IFLNK, S_IFREG } from './zip-format.js';

/** Counts and hashes the bytes that pass. */
export class HashingStream extends Transform {
  private readonly sha256 = createHash('sha256');
  private readonly md5 = createHash('md5');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null, d?: Buffer) => void): void {
    this.sha256.update(chunk);
    this.md5.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
  /** Valid once the stream has ended. */
  digests(): { sha256sum: string; md5sum: string } {
    return { sha256sum: this.sha256.digest('hex'), md5sum: this.md5.digest('hex') };
  }
}

export interface StreamEntryOptions {
  mode?: number;
  mtime?: Date;
  /** Lets yazl check the byte count (the tar header knows it). */
  size?: number;
}

export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly hashing = new HashingStream();
  /** The zip bytes; must be consumed while entries are added (backpressure reaches the tar). */
  readonly output: Readable;
  entries = 0;
  /** Rejects when the zip fails (yazl error, consumer gone): no addStream may wait forever on it. */
  private readonly failed: Promise<never>;

  constructor() {
    const out = this.zip.outputStream as unknown as Readable;
    out.on('error', (e) => this.hashing.destroy(e));
    this.zip.on('error', (e: Error) => this.hashing.destroy(e));
    this.output = out.pipe(this.hashing);
    this.failed = new Promise<never>((_, reject) => this.hashing.on('error', reject));
    this.failed.catch(() => undefined);
  }

  /**
   * Adds one entry from a stream and resolves once the zip has read all of it: the caller may
   * then move the tar on to its next entry. `source` may be a tar-stream (streamx) entry.
   */
  addStream(name: string, source: NodeJS.ReadableStream, options: StreamEntryOptions = {}): Promise<void> {
    const pass = new PassThrough();
    const done = new Promise<void>((resolve, reject) => {
      pass.on('end', resolve);
      pass.on('error', reject);
      (source as unknown as Readable).on('error', (e: Error) => pass.destroy(e));
    });
    source.pipe(pass);
    this.zip.addReadStream(pass, name, {
      ...(options.mtime ? { mtime: options.mtime } : {}),
      ...(options.mode !== undefined ? { mode: S_IFREG | (options.mode & 0o7777) } : {}),
      ...(options.size !== undefined ? { size: options.size } : {}),
    });
    this.entries++;
    return Promise.race([done, this.failed]);
  }

  addSymlink(name: string, target: string, mtime?: Date): void {
    this.zip.addBuffer(Buffer.from(target), name, {
      ...(mtime ? { mtime } : {}),
      mode: S_IFLNK | 0o777,
      compress: false,
    });
    this.entries++;
  }

  end(): void {
    this.zip.end();
  }

  /** Stops the zip: the consumer of `output` sees `err` (so a half-written object is discarded). */
  abort(err: Error): void {
    this.hashing.destroy(err);
  }

  digests(): { sha256sum: string; md5sum: string; size: number } {
    return { ...this.hashing.digests(), size: this.hashing.size };
  }
}
