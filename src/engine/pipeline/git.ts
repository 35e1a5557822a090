/**
 * The git operations source actions need, through the `git` CLI (a machine with a repository has
 * it): find the repository and a revision, describe a commit, write a CODE_ZIP of a commit and
 * make the full clone CodeBuild gets from a CODEBUILD_CLONE_REF (docs/aws/codepipeline.md §2.1, §3.2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { iterateTar, ZipWriter } from '../../archive/index.js';
import { InputError } from '../../errors.js';
import type { LocalS3Store } from '../../stores/index.js';

async function git(cwd: string, args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd, reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) {
    throw new InputError(
      'GIT_FAILED',
      `git ${args.join(' ')} failed in ${cwd}: ${String(r.stderr).trim() || `exit ${r.exitCode}`}`,
    );
  }
  return String(r.stdout).trim();
}

export async function repositoryRoot(dir: string): Promise<string> {
  try {
    return await git(dir, ['rev-parse', '--show-toplevel']);
  } catch (e) {
    throw new InputError('SOURCE_NOT_A_REPOSITORY', `${dir} is not inside a git repository`, {
      details: ['point the source action at a repository with --source ACTION=PATH[@REF]'],
      cause: e,
    });
  }
}

/** The commit a ref names, or undefined when it does not exist here. */
export async function resolveCommit(root: string, ref: string): Promise<string | undefined> {
  const r = await execa('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    cwd: root,
    reject: false,
    stdin: 'ignore',
  });
  return r.exitCode === 0 ? String(r.stdout).trim() : undefined;
}

export interface CommitInfo {
  commit: string;
  authorName: string;
  authorDate: string;
  committerDate: string;
  message: string;
}

/** Dates as UTC ISO-8601 with seconds, the way CodePipeline's source variables show them. */
function utc(date: string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function commitInfo(root: string, commit: string): Promise<CommitInfo> {
  const out = await git(root, ['log', '-1', '--format=%H%x00%an%x00%aI%x00%cI%x00%B', commit]);
  const [sha, authorName, authorDate, committerDate, ...rest] = out.split('\0');
  return {
    commit: sha!,
    authorName: authorName ?? '',
    authorDate: utc(authorDate!),
    committerDate: utc(committerDate!),
    message: rest.join('\0').trim(),
  };
}

/** `refs/heads/<branch>` exists locally (a remote-tracking `origin/<branch>` counts too). */
export async function branchCommit(root: string, branch: string): Promise<string | undefined> {
  return (
    (await resolveCommit(root, `refs/heads/${branch}`)) ?? (await resolveCommit(root, `refs/remotes/origin/${branch}`))
  );
}

export async function originUrl(root: string): Promise<string | undefined> {
  const r = await execa('git', ['config', '--get', 'remote.origin.url'], { cwd: root, reject: false, stdin: 'ignore' });
  return r.exitCode === 0 ? String(r.stdout).trim() || undefined : undefined;
}

/**
 * CODE_ZIP: the tree at `commit`, without `.git` and without symlinks (CodePipeline drops them,
 * §2.1), streamed from `git archive` into the zip object. Returns the number of files.
 */
export async function writeCodeZip(
  root: string,
  commit: string,
  s3: LocalS3Store,
  target: { bucket: string; key: string },
): Promise<{ files: number; symlinksDropped: string[] }> {
  const child = execa('git', ['archive', '--format=tar', commit], { cwd: root, buffer: false, stdin: 'ignore' });
  const writer = new ZipWriter();
  s3.createBucket(target.bucket);
  const put = s3.putObject(target.bucket, target.key, writer.output, { contentType: 'application/zip' });
  put.catch(() => undefined);
  const dropped: string[] = [];
  let files = 0;
  const copy = async () => {
    for await (const { header, body } of iterateTar(child.stdout!)) {
      if (header.type === 'file') {
        files++;
        await writer.addStream(header.name, body, { mode: header.mode, mtime: header.mtime, size: header.size });
      } else if (header.type === 'symlink') dropped.push(header.name);
    }
  };
  try {
    await Promise.all([copy(), child]);
  } catch (e) {
    child.kill();
    writer.abort(e as Error);
    await put.catch(() => undefined);
    throw new InputError('GIT_ARCHIVE_FAILED', `git archive ${commit} in ${root} failed: ${(e as Error).message}`, {
      cause: e,
    });
  }
  writer.end();
  await put;
  return { files, symlinksDropped: dropped };
}

/** A full clone of `root` with history, checked out at `commit` (on `branch` when given). */
export async function cloneAt(
  root: string,
  commit: string,
  dest: string,
  options: { branch?: string; remoteUrl?: string } = {},
): Promise<void> {
  // A local clone hard-links the whole object store, so any commit of `root` can be checked out.
  await git(dest, ['clone', '--quiet', '--no-checkout', root, '.']);
  if (options.branch) await git(dest, ['checkout', '--quiet', '-B', options.branch, commit]);
  else await git(dest, ['checkout', '--quiet', '--detach', commit]);
  if (options.remoteUrl) await git(dest, ['remote', 'set-url', 'origin', options.remoteUrl]);
}

/** How many paths `git status` reports as changed or untracked (ignored files do not count). */
export async function dirtyFileCount(root: string): Promise<number> {
  const out = await git(root, ['status', '--porcelain', '--untracked-files=normal']);
  return out ? out.split('\n').filter((l) => l.trim()).length : 0;
}

/**
 * `--source Action=PATH@WORKTREE`: the working tree as it is (tracked and untracked files,
 * `.gitignore` honoured) written as a commit object on top of HEAD through a throw-away index,
 * so the index, HEAD and the files are left untouched. `git archive` and a local clone read the
 * commit like any other; it is unreferenced and git's gc drops it later.
 */
export async function worktreeCommit(root: string): Promise<{ commit: string; head: string | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-index-'));
  const env = {
    GIT_INDEX_FILE: join(dir, 'index'),
    GIT_AUTHOR_NAME: 'codelocal',
    GIT_AUTHOR_EMAIL: 'codelocal@localhost',
    GIT_COMMITTER_NAME: 'codelocal',
    GIT_COMMITTER_EMAIL: 'codelocal@localhost',
  };
  const run = async (args: string[]) => {
    const r = await execa('git', args, { cwd: root, env, reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) {
      throw new InputError('GIT_FAILED', `git ${args.join(' ')} failed in ${root}: ${String(r.stderr).trim()}`);
    }
    return String(r.stdout).trim();
  };
  try {
    const head = await resolveCommit(root, 'HEAD');
    if (head) await run(['read-tree', head]);
    await run(['add', '--all', '--', '.']);
    const tree = await run(['write-tree']);
    const parent = head ? ['-p', head] : [];
    const commit = await run(['commit-tree', tree, ...parent, '-m', 'codelocal: working tree']);
    return { commit, head };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
