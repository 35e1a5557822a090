/**
 * Speed (issue 14, row 4): reading a zip with positioned reads on the calling thread. yauzl's own
 * file reader sends every read through libuv's thread pool: about three small reads per central
 * directory record and two per entry, each a round trip between threads (0.35–0.47 s for the
 * directory of a 5,000-file artifact alone). Here yauzl still parses and validates everything (zip64,
 * names, sizes); only the bytes come from `readSync`. Small entries are read and inflated in one go
 * (readEntrySync); large ones still stream (a bounded read stream on the same descriptor).
 * Measured in docs/performance.md, change 11.
 */
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

const LOCAL_HEADER = 30;
const LOCAL_SIGNATURE = 0x04034b50;
const STREAM_CHUNK = 256 * 1024;

/** A yauzl reader over one open file descriptor; every read is a readSync. */
class SyncFileReader extends yauzl.RandomAccessReader {
  readonly size: number;
  constructor(readonly fd: number) {
    super();
    this.size = fstatSync(fd).size;
  }
  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (e: Error | null, n?: number) => void,
  ): void {
    let n: number;
    try {
      n = readSync(this.fd, buffer, offset, length, position);
    } catch (e) {
      process.nextTick(callback, e as Error);
      return;
    }
    // Asynchronous, as yauzl expects: its directory loop would otherwise recurse once per record.
    process.nextTick(callback, null, n);
  }
  /** Large entries: chunks read in the thread pool. Not fs.createReadStream: destroying it would close the shared fd. */
  override _readStreamForRange(start: number, end: number): Readable {
    const fd = this.fd;
    let position = start;
    return new Readable({
      read(this: Readable) {
        const n = Math.min(STREAM_CHUNK, end - position);
        if (n <= 0) {
          this.push(null);
          return;
        }
        const chunk = Buffer.allocUnsafe(n);
        read(fd, chunk, 0, n, position, (err, got) => {
          if (err) return this.destroy(err);
          if (got === 0) return this.destroy(new Error('unexpected EOF'));
          position += got;
          this.push(got < n ? chunk.subarray(0, got) : chunk);
        });
      },
    });
  }
  override close(callback: (e: Error | null) => void): void {
    try {
      closeSync(this.fd);
    } catch (e) {
      setImmediate(callback, e as Error);
      return;
    }
    setImmediate(callback, null);
  }
}

export interface SyncZip {
  zip: yauzl.ZipFile;
  /** An entry's bytes, inflated and checked against the sizes the directory gives. */
  readEntry(entry: yauzl.Entry): Buffer;
}

/** Opens `path` for reading with synchronous positioned reads (lazy entries, names decoded, sizes validated). */
export function openZipSync(path: string): Promise<SyncZip> {
  const fd = openSync(path, 'r');
  let reader: SyncFileReader;
  try {
    reader = new SyncFileReader(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return new Promise((res, rej) =>
    yauzl.fromRandomAccessReader(
      reader,
      reader.size,
      { lazyEntries: true, autoClose: true, decodeStrings: true, validateEntrySizes: true },
      (err, zip) => {
        if (err) {
          reader.close(() => undefined);
          rej(err);
          return;
        }
        res({ zip, readEntry: (entry) => readEntrySync(reader, entry) });
      },
    ),
  );
}

/** Inflates at most one byte more than the directory promises, so a lying entry cannot fill memory. */
function inflateBounded(raw: Buffer, expected: number): Buffer {
  try {
    return inflateRawSync(raw, { maxOutputLength: expected + 1 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`too many bytes in the stream. expected ${expected}. got more`);
    }
    throw e;
  }
}

/** yauzl's openReadStream checks, for one entry read whole: local header, bounds, method, sizes. */
function readEntrySync(reader: SyncFileReader, entry: yauzl.Entry): Buffer {
  if (entry.isEncrypted()) throw new Error(`entry is encrypted: ${entry.fileName}`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new Error(`unsupported compression method: ${entry.compressionMethod}`);
  }
  const header = Buffer.alloc(LOCAL_HEADER);
  if (readSync(reader.fd, header, 0, LOCAL_HEADER, entry.relativeOffsetOfLocalHeader) < LOCAL_HEADER) {
    throw new Error('unexpected EOF');
  }
  const signature = header.readUInt32LE(0);
  if (signature !== LOCAL_SIGNATURE)
    throw new Error(`invalid local file header signature: 0x${signature.toString(16)}`);
  const dataStart =
    entry.relativeOffsetOfLocalHeader + LOCAL_HEADER + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (dataStart + entry.compressedSize > reader.size) {
    throw new Error(`file data overflows file bounds: ${dataStart} + ${entry.compressedSize} > ${reader.size}`);
  }
  const raw = Buffer.allocUnsafe(entry.compressedSize);
  if (raw.length > 0 && readSync(reader.fd, raw, 0, raw.length, dataStart) < raw.length) {
    throw new Error('unexpected EOF');
  }
  const data = entry.compressionMethod === 8 ? inflateBounded(raw, entry.uncompressedSize) : raw;
  if (data.length !== entry.uncompressedSize) {
    const which = data.length > entry.uncompressedSize ? 'too many' : 'too few';
    throw new Error(`${which} bytes in the stream. expected ${entry.uncompressedSize}. got ${data.length}`);
  }
  return data;
}
