/**
 * Host side of the agent protocol (see agent-script.ts): sends requests on the container's
 * stdin and splits its stdout into command output and result lines.
 */
import { randomBytes } from 'node:crypto';
import type { AttachedStreams } from '../../runtime/index.js';
import { InternalError } from '../../errors.js';

// The agent writes '\n' + MARK; the newline is dropped again so output is shown as the command wrote it.
const MARK = '\u001eCODELOCAL ';
/** GNU tar's default record: 20 blocks of 512 bytes. */
const TAR_RECORD = 10240;

export type OutputListener = (chunk: string, stream: 'stdout' | 'stderr') => void;
/** An event line from an in-container helper (debug-tools.ts), e.g. `pause breakpoint`. */
export type EventListener = (name: string, args: string[]) => void;

/** What a list of commands (`runList`) reports as it goes. */
export interface ListHooks {
  started(id: number): void;
  output: OutputListener;
  answered(id: number, status: number): void;
}

interface Pending {
  id: string;
  resolve: (status: number) => void;
  reject: (e: Error) => void;
}

export class AgentSession {
  readonly nonce: string;
  private buffer = '';
  private pending: Pending | undefined;
  /** Result lines that came while nothing waited (the bootstrap speaks first): taken by the next `expect`. */
  private unclaimed: { id: string; status: number }[] = [];
  /** The list being run (`runList`), with the id of its last command. */
  private list: (ListHooks & { last: number }) | undefined;
  private listener: OutputListener | undefined;
  /** Receives event lines; they never reach the command output. */
  onEvent: EventListener | undefined;
  private closedError: Error | undefined;
  private readonly streams: AttachedStreams;

  /** `nonce` must be the value given to the container as CODELOCAL_NONCE (see newNonce()). */
  constructor(streams: AttachedStreams, nonce: string) {
    this.nonce = nonce;
    this.streams = streams;
    streams.stdout.setEncoding('utf8');
    streams.stderr.setEncoding('utf8');
    streams.stdout.on('data', (d: string) => this.onStdout(d));
    streams.stderr.on('data', (d: string) => this.listener?.(d, 'stderr'));
    const onEnd = () => this.fail(new Error('the build container ended'));
    streams.stdout.on('end', onEnd);
    streams.stdout.on('close', onEnd);
    streams.stdout.on('error', (e) => this.fail(e));
  }

  /**
   * Waits for a line the container prints unasked (the bootstrap's `files` and `untar`); what it prints
   * before that line goes to `onOutput`. Resolves with the line's status.
   */
  expect(id: string, onOutput?: OutputListener): Promise<number> {
    this.listener = onOutput;
    return this.request(undefined, id).finally(() => {
      this.listener = undefined;
    });
  }

  /**
   * Streams a tar to the bootstrap's `tar -x` on stdin, padded with zeros to whole 10 KiB records: GNU tar
   * reads stdin a record at a time and would otherwise wait for the rest of the last one (the agent's
   * requests, which must stay unread for the agent).
   */
  async sendArchive(tar: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>): Promise<void> {
    const stdin = this.streams.stdin;
    let sent = 0;
    const write = async (chunk: Buffer | Uint8Array) => {
      if (this.closedError) throw this.closedError;
      if (stdin.destroyed || stdin.writableEnded) throw new Error('the build container ended');
      sent += chunk.length;
      if (!stdin.write(chunk)) await writable(stdin);
    };
    for await (const chunk of tar) await write(chunk);
    const rest = (TAR_RECORD - (sent % TAR_RECORD)) % TAR_RECORD;
    if (rest) await write(Buffer.alloc(rest));
  }

  /** Tells the bootstrap that the files were uploaded through the engine (`files 1`). */
  filesUploaded(): void {
    this.streams.stdin.write('G\n');
  }

  /** Waits until the agent answers (dockerd start in privileged mode happens before). */
  ping(): Promise<number> {
    return this.request('P', 'ping');
  }

  /** Runs command script `n`; output goes to `onOutput` as it arrives. Resolves with the exit status. */
  run(
    n: number,
    shell: string,
    mode: 'keep' | 'fresh',
    user: string | undefined,
    onOutput: OutputListener,
  ): Promise<number> {
    this.listener = onOutput;
    return this.request(`R ${n} ${shell} ${mode} ${user ?? '-'}`, String(n)).finally(() => {
      this.listener = undefined;
    });
  }

  /**
   * Runs command scripts `ids` in order, up to the first that fails, with one request (`B`): the agent
   * announces each (`started`, before its output) and answers each (`answered`). Resolves with the status of
   * the last command run. The commands run exactly as `run` runs them, one shell each.
   */
  runList(
    ids: number[],
    shell: string,
    mode: 'keep' | 'fresh',
    user: string | undefined,
    hooks: ListHooks,
  ): Promise<number> {
    if (!ids.length) return Promise.resolve(0);
    this.listener = hooks.output;
    this.list = { ...hooks, last: ids[ids.length - 1]! };
    return this.request(`B ${shell} ${mode} ${user ?? '-'} ${ids.join(' ')}`, 'list').finally(() => {
      this.listener = undefined;
      this.list = undefined;
    });
  }

  /** Appends a line to the build's environment files (takes effect from the next command). */
  appendEnv(line: string): void {
    if (line.includes('\n')) throw new InternalError('env line must be a single line');
    this.streams.stdin.write(`A ${line}\n`);
  }

  quit(): void {
    if (!this.streams.stdin.writableEnded) {
      this.streams.stdin.write('Q\n');
      this.streams.stdin.end();
    }
  }

  /**
   * Leaves the agent running, waiting on its stdin (a kept container): the engine does not close a
   * container's stdin when an attach client goes (StdinOnce is off), so a later attach can drive it again.
   */
  detach(): void {
    const stdin = this.streams.stdin as AttachedStreams['stdin'] & { destroy?: () => void };
    this.closedError ??= new Error('detached from the build container');
    stdin.destroy?.();
  }

  /** Sends `line` (none: only waits) and resolves with the status of the next result line. */
  private request(line: string | undefined, id: string): Promise<number> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.pending) return Promise.reject(new InternalError('agent request while another is running'));
    const early = line === undefined ? this.unclaimed.shift() : undefined;
    if (early) {
      if (early.id === id) return Promise.resolve(early.status);
      return Promise.reject(new InternalError(`the build container said "${early.id}" where "${id}" was expected`));
    }
    return new Promise<number>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      if (line !== undefined) this.streams.stdin.write(line + '\n');
    });
  }

  /** A result line: a list's `start <n>` or answer, or the answer to the one request waiting. */
  private onResult(id: string, value: string): void {
    const list = this.list;
    if (list && id === 'start') return list.started(Number(value));
    if (list) {
      const status = Number(value);
      list.answered(Number(id), status);
      if (status === 0 && Number(id) !== list.last) return;
      this.list = undefined;
    }
    const p = this.pending;
    this.pending = undefined;
    if (p) p.resolve(Number(value));
    else this.unclaimed.push({ id, status: Number(value) });
  }

  private fail(e: Error): void {
    this.closedError ??= e;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(e);
  }

  private onStdout(data: string): void {
    this.buffer += data;
    for (;;) {
      const at = this.buffer.indexOf(MARK);
      if (at < 0) break;
      const end = this.buffer.indexOf('\n', at + MARK.length);
      if (end < 0) break; // result line not complete yet
      const raw = this.buffer.slice(0, end + 1);
      const before = this.buffer.slice(0, at).replace(/\n$/, '');
      const fields = this.buffer.slice(at + MARK.length, end).split(' ');
      this.buffer = this.buffer.slice(end + 1);
      if (fields[0] !== this.nonce) {
        // Not ours (a command printed something that looks like it): plain output.
        this.emit(raw);
        continue;
      }
      if (before) this.emit(before);
      if (fields[1] === 'event') {
        this.onEvent?.(fields[2] ?? '', fields.slice(3));
        continue;
      }
      this.onResult(fields[1] ?? '', fields[2] ?? '');
    }
    // Keep back only what could be the start of a result line.
    const keep = partialMarkLength(this.buffer);
    const out = this.buffer.slice(0, this.buffer.length - keep);
    this.buffer = this.buffer.slice(this.buffer.length - keep);
    if (out) this.emit(out);
  }

  private emit(text: string): void {
    this.listener?.(text, 'stdout');
  }
}

/** Resolves when `stdin` can take more, or when it is gone (a killed container): the caller then sees the session fail. */
function writable(stdin: AttachedStreams['stdin']): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stdin.off('drain', done);
      stdin.off('close', done);
      stdin.off('error', done);
      resolve();
    };
    stdin.on('drain', done);
    stdin.on('close', done);
    stdin.on('error', done);
  });
}

/** A fresh per-build nonce for result lines. */
export function newNonce(): string {
  return randomBytes(8).toString('hex');
}

/** Length of the longest suffix of `s` that is a prefix of a result line (MARK + nonce + ...). */
function partialMarkLength(s: string): number {
  const at = s.lastIndexOf(MARK);
  if (at >= 0) return s.length - at; // a mark whose line has not ended
  // Also hold back a final newline: it may be the one the agent writes before the mark.
  const lead = '\n' + MARK;
  for (let k = Math.min(lead.length - 1, s.length); k > 0; k--) {
    const tail = s.slice(s.length - k);
    if (lead.startsWith(tail) || MARK.startsWith(tail)) return k;
  }
  return 0;
}
