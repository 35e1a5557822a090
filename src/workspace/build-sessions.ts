/**
 * Where each build runs, in the state folder (`builds/<build>/session.json`), so `codelocal attach`,
 * `resume`, `clean` and `build --reuse` find it from another terminal: container id, the agent's
 * nonce, whether it is held (a breakpoint, a failed command under --shell-on-failure) and whether
 * its container was kept. One small JSON file per build, replaced atomically (write + rename):
 * a reader never sees half a record, and no lock is needed because one process writes it.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { buildDirName, type StateDir } from './state-dir.js';

export type SessionState = 'running' | 'paused' | 'finished';

export interface BuildSession {
  buildId: string;
  containerId: string;
  /** The agent's result-line nonce (needed to drive a kept agent again). */
  nonce: string;
  /** `/codebuild/output/src<N>` in the container. */
  srcRoot: string;
  image: string;
  keep: boolean;
  state: SessionState;
  pausedReason?: 'breakpoint' | 'failure';
  /** The build status once finished. */
  status?: string;
  pid: number;
  host: string;
  startTime: number;
  updatedTime: number;
}

const FILE = 'session.json';

export class BuildSessions {
  constructor(private readonly state: StateDir) {}

  path(buildId: string): string {
    return join(this.state.buildDir(buildId), FILE);
  }

  write(session: BuildSession): void {
    this.state.ensureDir(this.state.buildDir(session.buildId));
    const path = this.path(session.buildId);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(session, null, 2) + '\n');
    renameSync(tmp, path);
  }

  /** Applies a change to an existing record; no-op when there is none. */
  update(buildId: string, patch: Partial<BuildSession>): BuildSession | undefined {
    const current = this.read(buildId);
    if (!current) return undefined;
    const next = { ...current, ...patch, updatedTime: Date.now() };
    this.write(next);
    return next;
  }

  read(buildId: string): BuildSession | undefined {
    return readSessionFile(this.path(buildId));
  }

  list(): BuildSession[] {
    if (!existsSync(this.state.buildsRoot)) return [];
    const out: BuildSession[] = [];
    for (const dir of readdirSync(this.state.buildsRoot)) {
      const s = readSessionFile(join(this.state.buildsRoot, dir, FILE));
      if (s) out.push(s);
    }
    return out.sort((a, b) => b.updatedTime - a.updatedTime);
  }

  /**
   * A build by id, unique prefix (of the id or of its uuid part), or, without a reference, the one a
   * user most likely means: a held build first, then a running one, then the latest kept one.
   */
  find(ref?: string): BuildSession | undefined {
    const all = this.list();
    if (!ref) {
      const live = all.filter((s) => s.state !== 'finished' && isLive(s));
      return live.find((s) => s.state === 'paused') ?? live[0] ?? all.find((s) => s.keep);
    }
    const exact = all.find((s) => s.buildId === ref || buildDirName(s.buildId) === ref);
    if (exact) return exact;
    const matches = all.filter((s) => s.buildId.startsWith(ref) || s.buildId.split(':').pop()!.startsWith(ref));
    if (matches.length > 1) {
      throw new InputError('BUILD_ID_AMBIGUOUS', `"${ref}" matches ${matches.length} builds`, {
        details: matches.slice(0, 5).map((m) => m.buildId),
      });
    }
    return matches[0];
  }
}

/** True while the process that runs the build is alive (only decidable on the host that runs it). */
export function isLive(s: Pick<BuildSession, 'pid' | 'host'>): boolean {
  if (s.host !== hostname()) return true;
  try {
    process.kill(s.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readSessionFile(path: string): BuildSession | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BuildSession;
  } catch {
    return undefined; // absent, or being replaced by another process this instant
  }
}
