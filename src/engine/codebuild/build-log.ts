/**
 * The build log: CodeBuild's `[Container] YYYY/MM/DD HH:MM:SS.ffffff <message>` lines
 * (docs/aws/codebuild.md §4.1, UTC) interleaved with raw command output, masked, written to the
 * log file and streamed live to a sink.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** Anything that hides secrets in text (src/stores/masking.ts provides the real one). */
export interface TextMasker {
  mask(text: string): string;
  /** Masked text safe to emit now, and the tail that may still become a secret (SecretMasker.holdBack). */
  holdBack?(text: string): { out: string; rest: string };
}

export type LogSink = (text: string) => void;

/** `YYYY/MM/DD HH:MM:SS.ffffff` in UTC; microseconds from the high-resolution clock. */
export function containerTimestamp(epochMs: number = performance.timeOrigin + performance.now()): string {
  const totalMicros = Math.round(epochMs * 1000);
  const d = new Date(Math.floor(totalMicros / 1000));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const micros = totalMicros % 1_000_000;
  return (
    `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(micros, 6)}`
  );
}

export class BuildLog {
  private file: WriteStream | undefined;
  private partial = '';
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly sinks: LogSink[];
  private masker: TextMasker;
  /** Everything written, for callers that need the tail (failure summaries, retry regexes). */
  private tail = '';

  constructor(options: { path?: string; sinks?: LogSink[]; masker?: TextMasker }) {
    this.sinks = options.sinks ?? [];
    this.masker = options.masker ?? { mask: (t) => t };
    if (options.path) {
      mkdirSync(dirname(options.path), { recursive: true });
      this.file = createWriteStream(options.path, { flags: 'a' });
    }
  }

  setMasker(masker: TextMasker): void {
    this.masker = masker;
  }

  /** One agent line: `[Container] <timestamp> <message>`. */
  container(message: string): void {
    this.flushPartial();
    this.write(`[Container] ${containerTimestamp()} ${message}\n`);
  }

  /**
   * A note of codelocal's own, marked so that it cannot be taken for an AWS line: `[codelocal] <message>`
   * (what the buildspec has that CodeBuild ignores, for instance; docs/fidelity.md).
   */
  note(message: string): void {
    this.flushPartial();
    this.write(`[codelocal] ${message}\n`);
  }

  /**
   * Raw command output. Complete lines are masked and written at once; a partial line waits
   * (so a secret split across chunks is still masked) but is flushed after a short pause so
   * progress output still shows live.
   */
  output(text: string): void {
    const data = this.partial + text;
    const cut = data.lastIndexOf('\n');
    if (cut < 0) {
      this.partial = data;
      this.scheduleFlush();
      return;
    }
    this.partial = data.slice(cut + 1);
    this.write(data.slice(0, cut + 1));
    if (this.partial) this.scheduleFlush();
  }

  /** End of one command's output: CodeBuild leaves one empty line before the next agent line. */
  endOfCommand(): void {
    if (this.partial) this.flushPartial(true);
    this.write('\n');
  }

  /** Last `maxChars` characters written (masked). */
  recent(maxChars = 8192): string {
    return this.tail.slice(-maxChars);
  }

  async close(): Promise<void> {
    this.flushPartial(true);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const f = this.file;
    this.file = undefined;
    if (f) await new Promise<void>((resolve) => f.end(resolve));
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushPartial();
    }, 250);
    this.flushTimer.unref();
  }

  private flushPartial(newline = false): void {
    if (!this.partial) return;
    if (!newline) {
      // A pause mid-line: emit what cannot be part of a secret, hold a possible secret's start
      // until the next output or the end of the command decides it (issue 17).
      const { out, rest } = this.masker.holdBack?.(this.partial) ?? { out: this.masker.mask(this.partial), rest: '' };
      this.partial = rest;
      if (out) this.emit(out);
      return;
    }
    const text = this.partial + '\n';
    this.partial = '';
    this.write(text);
  }

  private write(raw: string): void {
    this.emit(this.masker.mask(raw));
  }

  /** Sends already-masked text to the file, the sinks and the tail. */
  private emit(text: string): void {
    this.tail = (this.tail + text).slice(-65536);
    this.file?.write(text);
    for (const s of this.sinks) s(text);
  }
}
