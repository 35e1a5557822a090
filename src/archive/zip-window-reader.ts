/**
 * Speed (issue 14, docs/performance.md "Artifact hand-off, round two"): yauzl reads a zip through
 * many tiny positioned reads (three per central-directory record, one per local header), each
 * through its own stream pipeline. On a 5,000-entry artifact those reads cost more main-thread time
 * than inflating. This reader serves every read from a window of the file read in one large
 * `read()`; yauzl reads both the directory and the entries front to back, so one window serves
 * hundreds of them. Ranges larger than a window (big entries) stream straight from the file.
 * Memory stays bounded: at most WINDOWS windows of WINDOW_BYTES are kept.
 */
import { close, createReadStream, read } from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

const WINDOW_BYTES = 4 * 1024 * 1024;
/** One window for the central directory, one for the entries it points at. */
const WINDOWS = 2;

interface Window {
  start: number;
  data: Buffer;
}

export class WindowedReader extends yauzl.RandomAccessReader {
  private windows: Window[] = [];
  private loading = new Map<number, Promise<Window>>();

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    super();
  }

  /** The window holding [start, end), read when no kept window does. */
  private windowFor(start: number, end: number): Promise<Window> {
    const kept = this.windows.find((w) => w.start <= start && end <= w.start + w.data.length);
    if (kept) return Promise.resolve(kept);
    const pending = this.loading.get(start);
    if (pending) return pending;
    const length = Math.max(0, Math.min(WINDOW_BYTES, this.size - start));
    const loaded = new Promise<Window>((resolve, reject) => {
      const data = Buffer.allocUnsafe(length);
      read(this.fd, data, 0, length, start, (err, n) => {
        this.loading.delete(start);
        if (err) return reject(err);
        const w = { start, data: data.subarray(0, n) };
        this.windows = [w, ...this.windows].slice(0, WINDOWS);
        resolve(w);
      });
    });
    this.loading.set(start, loaded);
    return loaded;
  }

  private fits(length: number): boolean {
    return length <= WINDOW_BYTES / 2;
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    // yauzl passes a callback that also takes the byte count: fewer than asked is its "unexpected EOF".
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    if (!this.fits(length)) {
      read(this.fd, buffer, offset, length, position, (err, n) => callback(err, n));
      return;
    }
    this.windowFor(position, position + length).then(
      (w) => callback(null, w.data.copy(buffer, offset, position - w.start, position - w.start + length)),
      (err: Error) => callback(err),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (!this.fits(end - start)) {
      return createReadStream('', { fd: this.fd, start, end: end - 1, autoClose: false, highWaterMark: 1 << 20 });
    }
    // A short file past the end of the zip yields fewer bytes; yauzl's byte counter reports it.
    const windowed = this.windowFor(start, end).then((w) =>
      w.data.subarray(start - w.start, Math.min(end - w.start, w.data.length)),
    );
    return Readable.from(
      (async function* () {
        yield await windowed;
      })(),
      { objectMode: false },
    );
  }

  override close(callback: (err: Error | null) => void): void {
    this.windows = [];
    close(this.fd, (err) => callback(err ?? null));
  }
}
