/**
 * Temp folders that survive a killed process: a pipeline run unpacks artifacts into folders under
 * `<state>/tmp/<host>-<pid>/`, and every start removes the folders of processes on this host that are
 * gone. Before, they lived in the system temp folder, where a SIGKILL left them for good.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
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
  // A parallel action's clean-up may remove the (then empty) folder between the two calls: again.
  for (let attempt = 1; ; attempt++) {
    mkdirSync(mine, { recursive: true });
    try {
      return mkdtempSync(join(mine, `${prefix}-`));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw e;
    }
  }
}

/**
 * Removes one temp folder, then this process's folder when that left it empty (another run in the
 * same process may still use it: then it stays, and goes with the next start's sweep at worst).
 */
export function removeProcessTempFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(dirname(dir));
  } catch {
    // Not empty (another run of this process), or already gone.
  }
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
