/**
 * Drives the real CLI (dist/cli/main.js) as a child process and ends it the ways a run can end:
 * SIGINT, SIGTERM, SIGKILL, or its stdout closed by the reader (`| head`). Afterwards it asks the
 * engine for resources labelled with the child's pid and reads the history database directly.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';

export const CLI = join(process.cwd(), 'dist/cli/main.js');
export type Ending = 'SIGINT' | 'SIGTERM' | 'SIGKILL' | 'pipe';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function writeTree(dir: string, files: Record<string, string>): string {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One CLI process; everything it prints (stdout and stderr) is collected in `output`. */
export class CliRun {
  output = '';
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], cwd: string) {
    this.child = spawn('node', [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: 'pipe' });
    this.child.stdin!.end();
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stdout!.on('error', () => undefined);
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  async waitFor(pattern: RegExp, ms = 45_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pattern.test(this.output)) {
      if (Date.now() > until) throw new Error(`no ${pattern} within ${ms} ms; output:\n${this.output.slice(-2000)}`);
      await sleep(50);
    }
  }

  /** Ends the run; `signals` > 1 repeats it (a pipeline's second SIGINT abandons its running actions). */
  async end(how: Ending, signals = 1): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (how === 'pipe') {
      // The reader goes away, as `head` does: the next write fails with EPIPE.
      this.child.stdout!.destroy();
    } else {
      for (let i = 0; i < signals; i++) {
        if (i) await sleep(300);
        this.child.kill(how);
      }
    }
    return withTimeout(this.exited, 40_000, `the CLI did not exit after ${how}:\n${this.output.slice(-2000)}`);
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(t);
  }
}

/**
 * Containers, networks and volumes carrying the pid label of `pid` on this host (none once cleaned
 * up). Kept resources are left out: the shared local-AWS network and registry are kept on purpose
 * (`codelocal.keep`, removed by `clean --services`), whichever run happened to create them.
 */
export function labelledResources(pid: number): string[] {
  const filter = ['--filter', `label=codelocal.pid=${pid}`, '--filter', `label=codelocal.host=${hostname()}`];
  const q = (kind: string, args: string[], name: string) =>
    execFileSync('docker', [...args, ...filter, '--format', `{{${name}}} {{.Label "codelocal.keep"}}`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((line) => line && !line.endsWith(' true'))
      .map((line) => `${kind} ${line.trim()}`);
  return [
    ...q('container', ['ps', '-a'], '.Names'),
    ...q('network', ['network', 'ls'], '.Name'),
    ...q('volume', ['volume', 'ls'], '.Name'),
  ];
}

/** Polls until no labelled resource of `pid` is left (a container with AutoRemove goes a moment later). */
export async function resourcesLeft(pid: number, ms = 15_000): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = labelledResources(pid);
    if (left.length === 0 || Date.now() > until) return left;
    await sleep(250);
  }
}

export interface HistoryRows {
  builds: { id: string; status: string }[];
  executions: { id: string; status: string }[];
}

/** The history as stored (read-only), so the check does not depend on any command's rendering. */
export function readHistory(stateDir: string): HistoryRows {
  const db = new Database(join(stateDir, 'executions.db'), { readonly: true, fileMustExist: true });
  try {
    return {
      builds: db.prepare('SELECT id, status FROM builds').all() as HistoryRows['builds'],
      executions: db.prepare('SELECT id, status FROM pipeline_executions').all() as HistoryRows['executions'],
    };
  } finally {
    db.close();
  }
}

/** A later start in the same state folder: a tiny build, which sweeps the engine and closes orphans. */
export async function nextStart(stateDir: string): Promise<void> {
  const src = writeTree(tempDir('codelocal-endings-next-'), {
    'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo next\n',
  });
  const run = new CliRun(['build', src, '--state-dir', stateDir], src);
  const r = await withTimeout(run.exited, 60_000, `the next start did not finish:\n${run.output.slice(-2000)}`);
  if (r.code !== 0) throw new Error(`the next start failed (${r.code}):\n${run.output.slice(-2000)}`);
}

/** Exit code a shell reports for each ending. */
export const EXIT_FOR: Record<Exclude<Ending, 'SIGKILL'>, number> = { SIGINT: 130, SIGTERM: 143, pipe: 141 };
