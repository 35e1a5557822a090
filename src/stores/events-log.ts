/**
 * The events log: an append-only JSON-lines file of EventBridge-shaped events (docs/events.md). Every process
 * that runs something appends to it (one `write` per event with O_APPEND, so lines of concurrent writers do not
 * interleave); `codelocal events` reads it whole or follows it. Secrets are masked before a line is written.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  watch,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import type { AwsEvent } from '../model/index.js';
import type { SecretMasker } from './masking.js';

export class EventsLog {
  constructor(
    readonly path: string,
    private readonly masker?: SecretMasker,
  ) {}

  /** Appends one event (masked) and returns what was written. */
  append(event: AwsEvent): AwsEvent {
    const masked = this.masker ? this.masker.maskDeep(event) : event;
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, JSON.stringify(masked) + '\n');
    return masked;
  }
}

/** Complete lines of `text` parsed as events; a torn or foreign line is skipped, not fatal. */
function parseLines(text: string): AwsEvent[] {
  const out: AwsEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) out.push(v as AwsEvent);
    } catch {
      // A line cut by a crash mid-write: the rest of the log is still good.
    }
  }
  return out;
}

/** Every event in the log, oldest first ([] when there is no log yet). */
export function readEventsLog(path: string): AwsEvent[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  // A last line without its newline is still being written: leave it for a follower.
  return parseLines(text.slice(0, text.lastIndexOf('\n') + 1));
}

export interface FollowOptions {
  /** Byte offset to start at (default: the current end, i.e. only new events). */
  from?: number;
  signal: AbortSignal;
  /** Safety poll for file systems where fs.watch misses changes, ms (default 1000). */
  pollMs?: number;
}

/** The size of the log now (0 when absent): where a follower starts to see only new events. */
export function eventsLogSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/**
 * Calls `onEvent` for each event appended to the log until `signal` aborts; resolves then. The log may not exist
 * yet: its folder is watched when it exists; otherwise (a reader must not create the state folder) a poll finds it.
 */
export function followEventsLog(path: string, onEvent: (e: AwsEvent) => void, o: FollowOptions): Promise<void> {
  let offset = o.from ?? eventsLogSize(path);
  let partial = '';
  const drain = () => {
    if (!existsSync(path)) return;
    const size = statSync(path).size;
    if (size < offset) offset = 0; // The log was removed and started again (`codelocal clean`).
    if (size === offset) return;
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(size - offset);
      const n = readSync(fd, buf, 0, buf.length, offset);
      offset += n;
      const text = partial + buf.subarray(0, n).toString('utf8');
      const cut = text.lastIndexOf('\n') + 1;
      partial = text.slice(cut);
      for (const e of parseLines(text.slice(0, cut))) onEvent(e);
    } finally {
      closeSync(fd);
    }
  };
  return new Promise((resolve) => {
    const name = basename(path);
    const watcher = existsSync(dirname(path))
      ? watch(dirname(path), (_type, file) => {
          if (file === null || file === name) drain();
        })
      : undefined;
    const poll = setInterval(drain, o.pollMs ?? (watcher ? 1000 : 250));
    const stop = () => {
      watcher?.close();
      clearInterval(poll);
      drain();
      resolve();
    };
    if (o.signal.aborted) return stop();
    o.signal.addEventListener('abort', stop, { once: true });
    drain();
  });
}
