import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGitHead } from '../../../src/engine/source/index.js';
import {
  processTempFolder,
  removeProcessTempFolder,
  StateDir,
  sweepProcessTemp,
} from '../../../src/workspace/index.js';

const host = hostname().replace(/[^A-Za-z0-9_.-]/g, '_');

describe('per-process temp folders under the state folder', () => {
  it('are made under tmp/<host>-<pid>/ and swept once their process is gone', () => {
    const state = new StateDir(join(mkdtempSync(join(tmpdir(), 'codelocal-ptmp-')), '.codelocal'));
    const dir = processTempFolder(state, 'in');
    expect(dir.startsWith(join(state.tmpRoot, `${host}-${process.pid}`, 'in-'))).toBe(true);
    const dead = join(state.tmpRoot, `${host}-999999`, 'out-x');
    const live = join(state.tmpRoot, `${host}-4242`, 'in-y');
    const otherHost = join(state.tmpRoot, `elsewhere-999999`, 'in-z');
    for (const d of [dead, live, otherHost]) mkdirSync(d, { recursive: true });
    expect(sweepProcessTemp(state, (pid) => pid === 4242)).toBe(1);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(otherHost)).toBe(true);
    // Our own folder stays, whatever the liveness check says.
    expect(existsSync(dir)).toBe(true);
  });

  it('are not taken for a checkout of the project repository around the state folder', () => {
    const repo = mkdtempSync(join(tmpdir(), 'codelocal-ptmp-repo-'));
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(join(repo, 'f'), 'x');
    const state = new StateDir(join(repo, '.codelocal'));
    const dir = processTempFolder(state, 'in');
    expect(readGitHead(repo)).toBeDefined();
    expect(readGitHead(dir)).toBeUndefined();
  });

  it('removing the last temp folder of a process removes its folder too, not a sibling in use', () => {
    const state = new StateDir(join(mkdtempSync(join(tmpdir(), 'codelocal-ptmp-')), '.codelocal'));
    const a = processTempFolder(state, 'in');
    const b = processTempFolder(state, 'out');
    removeProcessTempFolder(a);
    expect(existsSync(a)).toBe(false);
    expect(existsSync(b)).toBe(true);
    removeProcessTempFolder(b);
    expect(existsSync(state.processTmpDir())).toBe(false);
  });

  it('a state folder without tmp/ sweeps nothing', () => {
    const state = new StateDir(join(mkdtempSync(join(tmpdir(), 'codelocal-ptmp-')), 'none'));
    expect(sweepProcessTemp(state)).toBe(0);
  });
});
