import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildSessions, type BuildSession } from '../../../src/workspace/build-sessions.js';
import { StateDir } from '../../../src/workspace/state-dir.js';

function session(id: string, patch: Partial<BuildSession> = {}): BuildSession {
  return {
    buildId: id,
    containerId: `c-${id}`,
    nonce: 'n',
    srcRoot: '/codebuild/output/src1',
    image: 'img',
    keep: false,
    state: 'finished',
    pid: process.pid,
    host: hostname(),
    startTime: 1,
    updatedTime: 1,
    ...patch,
  };
}

describe('build session records (attach/resume from another terminal)', () => {
  const store = () => new BuildSessions(new StateDir(mkdtempSync(join(tmpdir(), 'codelocal-sessions-'))));

  it('round-trips and updates a record in the build folder', () => {
    const s = store();
    s.write(session('p:aaa'));
    s.update('p:aaa', { state: 'paused', pausedReason: 'breakpoint' });
    expect(s.read('p:aaa')).toMatchObject({ state: 'paused', pausedReason: 'breakpoint', containerId: 'c-p:aaa' });
    expect(s.path('p:aaa')).toMatch(/builds\/p_aaa\/session\.json$/);
  });

  it('finds by id, by unique prefix of the id or its uuid; ambiguous prefixes are an error', () => {
    const s = store();
    s.write(session('proj:1234-a'));
    s.write(session('proj:1299-b'));
    expect(s.find('proj:1234-a')?.buildId).toBe('proj:1234-a');
    expect(s.find('1234')?.buildId).toBe('proj:1234-a');
    expect(() => s.find('proj:12')).toThrow(/matches 2 builds/);
    expect(s.find('nope')).toBeUndefined();
  });

  it('without an id: a paused build first, then a running one, then the latest kept one', () => {
    const s = store();
    s.write(session('p:kept', { keep: true, updatedTime: 5 }));
    expect(s.find()?.buildId).toBe('p:kept');
    s.write(session('p:run', { state: 'running', updatedTime: 3 }));
    expect(s.find()?.buildId).toBe('p:run');
    s.write(session('p:held', { state: 'paused', updatedTime: 2 }));
    expect(s.find()?.buildId).toBe('p:held');
    // A record whose process is gone is not "running".
    s.update('p:held', { pid: 2 ** 30 });
    s.update('p:run', { pid: 2 ** 30 });
    expect(s.find()?.buildId).toBe('p:kept');
  });
});
