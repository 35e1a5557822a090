/**
 * Temp folders that survive a killed process: a pipeline run unpacks artifacts into folders under
 * `<state>/tmp/<host>-<pid>/`, and every start removes the folders of processes on this host that are
 * gone. Before, they lived in the system temp folder, where a SIGKILL left them for good.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { StateDir } from './state-dir.js';

/**
 * An empty `.git` *file* (no `gitdir:` line) at the top of the temp tree: a folder unpacked below
 * the project's state folder must not be taken for a checkout of the project's repository by the
 * upward lookup of a build's git head (as `/tmp` never was). Git itself refuses such a file too.
 */
const GIT_STOP = '.git';

/** A fresh temp folder for this process, `<state>/tmp/<host>-<pid>/<prefix>-XXXXXX`. */
export function processTempFolder(state: StateDir, prefix: string): string {
  state.ensure();
  const tmp = state.tmpRoot;
  mkdirSync(tmp, { recursive: true });
  try {
    writeFileSync(join(tmp, GIT_STOP), '# codelocal temp folders: not a git checkout\n', { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const mine = state.processTmpDir();
  mkdirSync(mine, { recursive: true });
  return mkdtempSync(join(mine, `${prefix}-`));
}

/** Removes this process's temp folder (all of it) when the run is over. */
export function removeProcessTemp(state: StateDir): void {
  rmSync(state.processTmpDir(), { recursive: true, force: true });
}

/**
 * Removes the temp folders of processes on this host that no longer exist; returns how many.
 * Folders of other hosts (a state folder on a shared disk) are left alone: their pids mean nothing here.
 */
export function sweepProcessTemp(state: StateDir, alive: (pid: number) => boolean = pidExists): number {
  let names: string[];
  try {
    names = readdirSync(state.tmpRoot);
  } catch {
    return 0;
  }
  const prefix = `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}-`;
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    rmSync(join(state.tmpRoot, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
