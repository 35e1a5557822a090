/**
 * Speed (issue 14): yazl checksums every byte it zips with buffer-crc32, a byte-at-a-time table
 * loop in JavaScript; Node's own `zlib.crc32` (Node >= 20.15) runs the same CRC-32 natively and
 * several times faster. The two agree bit for bit, so buffer-crc32's `unsigned` (the only form
 * yazl calls) is pointed at zlib's when both are there. Imported for its effect by zip-create.ts
 * and zip-stream.ts; when either piece is missing nothing changes.
 */
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

type Crc32Module = { unsigned: (buf: Buffer | string, previous?: number) => number };

function patch(): boolean {
  const native = (zlib as { crc32?: (data: Buffer | string, value?: number) => number }).crc32;
  if (typeof native !== 'function') return false;
  try {
    // Resolved from yazl's own folder, so the patched module is the instance yazl uses.
    const require = createRequire(createRequire(import.meta.url).resolve('yazl'));
    const mod = require('buffer-crc32') as Crc32Module;
    mod.unsigned = (buf, previous) => native(buf, typeof previous === 'number' ? previous >>> 0 : 0);
    return true;
  } catch {
    return false;
  }
}

/** True when zips are checksummed by zlib.crc32. */
export const nativeCrc32 = patch();
