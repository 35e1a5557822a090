/**
 * Drives the codelocal CLI through a pseudo-terminal, as a person at a terminal would, using
 * util-linux `script` (present wherever the tests run; no node-pty). `script -q -e -c CMD /dev/null`
 * gives CMD a terminal, forwards what we write to it, and exits with CMD's exit code.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const CLI = join(process.cwd(), 'dist/cli/main.js');

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function tree(files: Record<string, string>): string {
  const dir = tempDir('codelocal-debug-src-');
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Terminal output without colour/bracketed-paste escapes and carriage returns, for matching. */
export function plain(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

export class Pty {
  private out = '';
  readonly exited: Promise<number>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[], env: Record<string, string> = {}) {
    const cmd = ['node', CLI, ...args].map(quote).join(' ');
    this.child = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], {
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm', ...env },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.out += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code ?? -1)));
  }

  get output(): string {
    return plain(this.out);
  }

  /** Resolves once the output matches (the match), or fails after `ms` showing what was seen. */
  async waitFor(pattern: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
    const until = Date.now() + ms;
    for (;;) {
      const m = this.output.match(pattern);
      if (m) return m;
      if (Date.now() > until) throw new Error(`no ${pattern} within ${ms} ms; output:\n${this.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Types a line (Enter is a carriage return on a terminal). */
  type(line: string): void {
    this.child.stdin.write(line + '\r');
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}
