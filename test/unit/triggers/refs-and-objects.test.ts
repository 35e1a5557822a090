/**
 * The local event sources of `pipeline watch`, against a real repository and a real local S3
 * folder: pull requests as `refs/pull/<id>/head` (docs/watch.md: creation OPEN, move UPDATED,
 * deletion CLOSED, aimed at the action's branch), remote-tracking refs standing in for a missing
 * local branch, and objects counted once per new ETag.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRefs, refEvents } from '../../../src/api/triggers/git-refs.js';
import { watchS3 } from '../../../src/api/triggers/s3-watcher.js';
import { LocalS3Store } from '../../../src/stores/s3-store.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function repo(): { dir: string; git: (...a: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-refs-'));
  made.push(dir);
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'a.txt'), 'a');
  git('add', '-A');
  git('commit', '-qm', 'a');
  return { dir, git };
}

describe('git refs → events', () => {
  it('pull requests: refs/pull/<id>/head created, moved, deleted → OPEN, UPDATED, CLOSED on BranchName', async () => {
    const { dir, git } = repo();
    git('checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'b.txt'), 'b');
    git('add', '-A');
    git('commit', '-qm', 'b');
    let before = await readRefs(dir);
    git('update-ref', 'refs/pull/7/head', 'feature');
    let now = await readRefs(dir);
    const opened = await refEvents(dir, before, now, 'main');
    expect(opened).toEqual([
      expect.objectContaining({
        kind: 'pullRequest',
        event: 'OPEN',
        id: '7',
        targetBranch: 'main',
        changedFiles: ['b.txt'],
      }),
    ]);
    writeFileSync(join(dir, 'c.txt'), 'c');
    git('add', '-A');
    git('commit', '-qm', 'c');
    before = now;
    git('update-ref', 'refs/pull/7/head', 'feature');
    now = await readRefs(dir);
    const updated = (await refEvents(dir, before, now, 'main')).filter((e) => e.kind === 'pullRequest');
    expect(updated).toEqual([expect.objectContaining({ event: 'UPDATED', changedFiles: ['b.txt', 'c.txt'] })]);
    before = now;
    git('update-ref', '-d', 'refs/pull/7/head');
    now = await readRefs(dir);
    expect(await refEvents(dir, before, now, 'main')).toEqual([expect.objectContaining({ event: 'CLOSED', id: '7' })]);
  });

  it('a fetch into refs/remotes/origin/<b> counts for <b> only when no local <b> exists', async () => {
    const { dir, git } = repo();
    const head = git('rev-parse', 'HEAD');
    const before = await readRefs(dir);
    git('update-ref', 'refs/remotes/origin/release', head);
    git('update-ref', 'refs/remotes/origin/main', head);
    const events = await refEvents(dir, before, await readRefs(dir), 'main');
    expect(events.map((e) => (e.kind === 'branch' ? e.name : e.kind))).toEqual(['release']);
  });

  it('an annotated tag is read as the commit it tags', async () => {
    const { dir, git } = repo();
    const before = await readRefs(dir);
    git('tag', '-a', 'v1', '-m', 'v1');
    const events = await refEvents(dir, before, await readRefs(dir), 'main');
    expect(events).toEqual([{ kind: 'tag', name: 'v1', commit: git('rev-parse', 'HEAD') }]);
  });
});

describe('local S3 folder → object events', () => {
  it('a new object at the key is one event; the same bytes again are none; other keys none', async () => {
    const root = mkdtempSync(join(tmpdir(), 'codelocal-s3w-'));
    made.push(root);
    const store = new LocalS3Store(join(root, 's3'));
    const seen: string[] = [];
    const w = await watchS3({
      store,
      objects: [{ bucket: 'src', key: 'app/source.zip' }],
      debounceMs: 30,
      onEvent: (e) => seen.push(`${e.bucket}/${e.key} ${e.etag} ${e.size}`),
    });
    try {
      store.createBucket('src');
      await store.putObject('src', 'app/source.zip', Buffer.from('one'));
      await store.putObject('src', 'app/other.zip', Buffer.from('x'));
      await new Promise((r) => setTimeout(r, 400));
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^src\/app\/source\.zip "?[0-9a-f]{32}"? 3$/);
      await store.putObject('src', 'app/source.zip', Buffer.from('one'));
      await new Promise((r) => setTimeout(r, 400));
      expect(seen).toHaveLength(1);
      await store.putObject('src', 'app/source.zip', Buffer.from('two!'));
      await new Promise((r) => setTimeout(r, 400));
      expect(seen).toHaveLength(2);
    } finally {
      w.close();
    }
  });
});
