/**
 * The bytes of a local S3 put: any body shape as one stream, hashed and counted as it passes, so a put reads
 * its input exactly once; and the MD5 of a file dropped in by hand.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';

export type PutBody = Buffer | Uint8Array | Readable | string | { file: string };

/** Hashes and counts bytes as they pass, so a put reads its input exactly once. */
export class Md5Counter extends Transform {
  readonly hash = createHash('md5');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null, d?: Buffer) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
}

export async function md5OfFile(path: string): Promise<string> {
  const h = createHash('md5');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function toReadable(body: PutBody): Readable {
  if (typeof body === 'string') return createReadStream(body);
  if (body instanceof Readable) return body;
  if (body instanceof Uint8Array) return Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
  return createReadStream(body.file);
}
