/**
 * Reads a local repository's refs and turns two readings into git events (a branch moved, a tag
 * created or moved, a pull-request ref opened, updated or closed) with the files each push changed.
 * Pull requests map to local refs as docs/watch.md says: `refs/pull/<id>/head` (the form
 * `git fetch origin 'refs/pull/*:refs/pull/*'` makes) is the request's head, aimed at the action's
 * branch. A remote-tracking `refs/remotes/origin/<b>` counts for `<b>` when no local `<b>` exists,
 * as the source action reads it (engine/pipeline/git.ts `branchCommit`).
 */
import { execa } from 'execa';
import type { GitEvent } from './git-triggers.js';

export type RefSnapshot = Map<string, string>;

async function git(root: string, args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd: root, reject: false, stdin: 'ignore' });
  return r.exitCode === 0 ? String(r.stdout) : '';
}

/** ref → commit (annotated tags peeled to their commit). */
export async function readRefs(root: string): Promise<RefSnapshot> {
  const out = await git(root, [
    'for-each-ref',
    '--format=%(refname)%00%(objectname)%00%(*objectname)',
    'refs/heads',
    'refs/tags',
    'refs/remotes/origin',
    'refs/pull',
  ]);
  const refs: RefSnapshot = new Map();
  for (const line of out.split('\n')) {
    const [name, object, peeled] = line.split('\0');
    if (name && object) refs.set(name, peeled || object);
  }
  return refs;
}

/** The git folder holding refs (a worktree's refs live in the common folder). */
export async function commonGitDir(root: string): Promise<string> {
  const dir = (await git(root, ['rev-parse', '--path-format=absolute', '--git-common-dir'])).trim();
  return dir || `${root}/.git`;
}

async function changedFiles(root: string, before: string | undefined, after: string): Promise<string[]> {
  const out = before
    ? await git(root, ['diff', '--name-only', '--no-renames', before, after])
    : await git(root, ['diff-tree', '--no-commit-id', '--name-only', '-r', '--root', after]);
  return out.split('\n').filter(Boolean);
}

function branchOf(ref: string, now: RefSnapshot): string | undefined {
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  if (ref.startsWith('refs/remotes/origin/')) {
    const b = ref.slice('refs/remotes/origin/'.length);
    // A fetch counts only when no local branch of that name shadows it.
    return b !== 'HEAD' && !now.has(`refs/heads/${b}`) ? b : undefined;
  }
  return undefined;
}

/** What happened between two readings; `defaultBranch` is a pull request's target (docs/watch.md). */
export async function refEvents(
  root: string,
  before: RefSnapshot,
  now: RefSnapshot,
  defaultBranch: string,
): Promise<GitEvent[]> {
  const events: GitEvent[] = [];
  for (const [ref, commit] of now) {
    const old = before.get(ref);
    if (old === commit) continue;
    const branch = branchOf(ref, now);
    const pr = /^refs\/pull\/([^/]+)\/head$/.exec(ref);
    if (branch !== undefined) {
      const files = await changedFiles(root, old, commit);
      events.push({ kind: 'branch', name: branch, commit, ...(old ? { before: old } : {}), changedFiles: files });
    } else if (ref.startsWith('refs/tags/')) {
      events.push({ kind: 'tag', name: ref.slice('refs/tags/'.length), commit, ...(old ? { before: old } : {}) });
    } else if (pr) {
      const base = await git(root, ['merge-base', commit, defaultBranch]);
      events.push({
        kind: 'pullRequest',
        event: old ? 'UPDATED' : 'OPEN',
        id: pr[1]!,
        targetBranch: defaultBranch,
        commit,
        changedFiles: await changedFiles(root, base.trim() || old, commit),
      });
    }
  }
  for (const [ref, commit] of before) {
    const pr = /^refs\/pull\/([^/]+)\/head$/.exec(ref);
    if (pr && !now.has(ref)) {
      events.push({
        kind: 'pullRequest',
        event: 'CLOSED',
        id: pr[1]!,
        targetBranch: defaultBranch,
        commit,
        changedFiles: [],
      });
    }
  }
  return events;
}
