/**
 * Git sources read commits, as on AWS: a dirty working tree is said out loud on every run, and
 * `--source Action=.@WORKTREE` reads the files as they are (tracked and untracked, .gitignore
 * honoured) without touching the index or HEAD (issue 17, first hour).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { codeStarConnectionProvider } from '../../../src/engine/pipeline/actions/codestar-connection.js';
import type { ActionContext } from '../../../src/engine/pipeline/types.js';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { extractZip } from '../../../src/archive/index.js';
import { parseSourceFlag } from '../../../src/cli/commands/pipeline-run.js';
import { cloneAt, worktreeCommit } from '../../../src/engine/pipeline/git.js';

const dirs: string[] = [];
const temp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  })
    .toString()
    .trim();

function repo(): string {
  const d = temp('codelocal-wt-');
  git(d, 'init', '-q', '-b', 'main');
  writeFileSync(join(d, 'a.txt'), 'committed\n');
  writeFileSync(join(d, '.gitignore'), 'secret.txt\n');
  git(d, 'add', '.');
  git(d, 'commit', '-q', '-m', 'first');
  return d;
}

async function runSource(root: string, revision?: string) {
  const s3 = new LocalS3Store(temp('codelocal-s3-'));
  const lines: string[] = [];
  const notices: string[] = [];
  const ctx = {
    actionName: 'Src',
    configuration: { BranchName: 'main', FullRepositoryId: 'org/repo', ConnectionArn: 'arn:x' },
    outputs: [{ name: 'Out', dir: temp('codelocal-out-'), bucket: 'b', key: 'k.zip' }],
    log: (l: string) => lines.push(l),
    notice: (l: string) => notices.push(l),
    services: {
      cwd: root,
      sourceOverrides: revision ? { Src: { path: '.', revision } } : {},
      s3,
      accountId: '123456789012',
      region: 'us-east-1',
    },
  } as unknown as ActionContext;
  const result = await codeStarConnectionProvider.run(ctx);
  const zip = join(temp('codelocal-zip-'), 'z.zip');
  writeFileSync(zip, await s3.getObject('b', 'k.zip'));
  const out = temp('codelocal-x-');
  await extractZip(zip, out);
  return { result, lines, notices, out };
}

describe('git source: the working tree', () => {
  it('a dirty tree: the committed files run, and one notice names the count and --source Src=.@WORKTREE', async () => {
    const d = repo();
    writeFileSync(join(d, 'a.txt'), 'edited\n');
    writeFileSync(join(d, 'new.txt'), 'new\n');
    const { result, notices, out } = await runSource(d);
    expect(result.status).toBe('Succeeded');
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('committed\n');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^2 file\(s\) differ .* --source Src=\.@WORKTREE$/);
  });

  it('a clean tree says nothing', async () => {
    const { notices } = await runSource(repo());
    expect(notices).toEqual([]);
  });

  it('@WORKTREE: edits and untracked files are in, ignored files out; HEAD and the index untouched; revision HEAD-dirty', async () => {
    const d = repo();
    const head = git(d, 'rev-parse', 'HEAD');
    writeFileSync(join(d, 'a.txt'), 'edited\n');
    writeFileSync(join(d, 'new.txt'), 'new\n');
    writeFileSync(join(d, 'secret.txt'), 'ignored\n');
    const statusBefore = git(d, 'status', '--porcelain');
    const { result, notices, out } = await runSource(d, 'WORKTREE');
    expect(result.status).toBe('Succeeded');
    expect(notices).toEqual([]);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('edited\n');
    expect(readFileSync(join(out, 'new.txt'), 'utf8')).toBe('new\n');
    expect(existsSync(join(out, 'secret.txt'))).toBe(false);
    expect(result.revision?.revisionId).toBe(`${head}-dirty`);
    expect(result.outputVariables?.CommitId).toBe(`${head}-dirty`);
    expect(git(d, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(d, 'status', '--porcelain')).toBe(statusBefore);
  });

  it('@WORKTREE with CODEBUILD_CLONE_REF: the clone CodeBuild makes checks out the working-tree commit', async () => {
    const d = repo();
    writeFileSync(join(d, 'a.txt'), 'edited\n');
    const { commit } = await worktreeCommit(d);
    const dest = temp('codelocal-clone-');
    await cloneAt(d, commit, dest, { branch: 'main' });
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('edited\n');
  });

  it('--source parsing: .@WORKTREE and @WORKTREE', () => {
    const cwd = temp('codelocal-cwd-');
    expect(parseSourceFlag('Src=.@WORKTREE', cwd)).toEqual(['Src', { path: '.', revision: 'WORKTREE' }]);
    expect(parseSourceFlag('Src=@WORKTREE', cwd)).toEqual(['Src', { revision: 'WORKTREE' }]);
  });
});
