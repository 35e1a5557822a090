/**
 * Following the state folder without polling loops: a run (in this process or in another `codelocal
 * pipeline run`) writes its history to executions.db (SQLite WAL) and its logs to files, so the server
 * watches the folders holding them (inotify through fs.watch) and reacts when a file it cares about
 * changes. A folder is watched rather than the file, so a log that does not exist yet is seen when it
 * appears, and SQLite's -wal file being replaced does not lose the watch.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** The folder itself, or its nearest ancestor that exists (watched until the folder appears). */
function nearestExisting(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/**
 * Calls `onChange` (coalesced over `delayMs`) whenever a file of `dir` accepted by `accept` changes. A
 * folder that does not exist yet is not created (reading leaves the state folder as it is): its nearest
 * existing ancestor is watched until it appears.
 */
export function watchFolder(
  dir: string,
  accept: (file: string) => boolean,
  onChange: () => void,
  delayMs = 0,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = () => {
    if (delayMs <= 0) return onChange();
    timer ??= setTimeout(() => {
      timer = undefined;
      onChange();
    }, delayMs);
  };
  let w: FSWatcher | undefined;
  const attach = () => {
    const target = nearestExisting(dir);
    const waiting = target !== dir;
    w = watch(target, () => undefined);
    w.on('change', (_event, file) => {
      if (!waiting) {
        if (file === null || accept(file.toString())) fire();
      } else if (existsSync(dir) && !closed) {
        w?.close();
        attach();
        fire();
      }
    });
    w.on('error', () => undefined);
  };
  attach();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    w?.close();
    w = undefined;
  };
}

/**
 * Sends a file's text from the start, then every byte appended to it, as it is written (UTF-8 split
 * across writes is held back until complete). Returns the function that stops following.
 */
export function tailFile(path: string, onText: (text: string) => void): () => void {
  let position = 0;
  const decoder = new StringDecoder('utf8');
  const readMore = () => {
    if (!existsSync(path)) return;
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      // A file truncated (or replaced) starts over.
      if (size < position) position = 0;
      while (position < size) {
        const chunk = Buffer.alloc(Math.min(size - position, 256 * 1024));
        const n = readSync(fd, chunk, 0, chunk.length, position);
        if (n <= 0) break;
        position += n;
        const text = decoder.write(chunk.subarray(0, n));
        if (text) onText(text);
      }
    } finally {
      closeSync(fd);
    }
  };
  const name = basename(path);
  const stop = watchFolder(dirname(path), (f) => f === name, readMore);
  readMore();
  return stop;
}
