/**
 * `aws-chunked` request bodies: SDKs send PutObject/UploadPart this way when they stream a payload
 * (SigV4 streaming signatures, or checksum trailers). The stand-in stores the payload, so it strips
 * the chunk framing: `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0[;...]\r\n[trailers]\r\n`.
 */
import type { IncomingHttpHeaders } from 'node:http';

export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  const enc = String(headers['content-encoding'] ?? '');
  return sha.startsWith('STREAMING-') || enc.split(',').some((e) => e.trim() === 'aws-chunked');
}

export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) throw new Error('aws-chunked body ends inside a chunk header');
    const size = parseInt(body.subarray(at, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size)) throw new Error('aws-chunked body has a malformed chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}
