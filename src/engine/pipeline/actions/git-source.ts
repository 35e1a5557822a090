/**
 * What the three git source providers share (CodeStarSourceConnection, CodeCommit, GitHub v1):
 * read a local repository instead of the remote one — the current folder's by default,
 * `--source Action=PATH[@REF]` to point elsewhere — at the configured branch when it exists
 * locally (else HEAD, with a note) — or the working tree as it is with `Action=PATH@WORKTREE` —
 * and produce a CODE_ZIP or a CODEBUILD_CLONE_REF artifact plus
 * the provider's source variables (docs/aws/codepipeline.md §2.1, §4.2).
 */
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { ActionTypeId } from '../../../model/index.js';
import {
  branchCommit,
  commitInfo,
  dirtyFileCount,
  repositoryRoot,
  resolveCommit,
  worktreeCommit,
  writeCodeZip,
  type CommitInfo,
} from '../git.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';

/** The file a CODEBUILD_CLONE_REF artifact holds (UNCERTAIN: AWS does not document the name). */
export const CLONE_REF_FILE = 'codebuild-clone-ref.json';

/** `--source Action=PATH@WORKTREE`: the working tree as it is, not a commit. */
export const WORKTREE_REVISION = 'WORKTREE';
/** Appended to HEAD's id in the recorded revision of a working-tree source (as `git describe --dirty`). */
export const DIRTY_SUFFIX = '-dirty';

export interface CloneRef {
  AccountId: string;
  FullRepositoryName: string;
  CloneUrl: string;
  CommitId: string;
  BranchName: string;
  ConnectionArn?: string;
  /** Local addition: the repository CodeBuild clones from on this machine. */
  CodelocalRepositoryPath: string;
}

export interface GitFlavor {
  type: ActionTypeId;
  /** The configured branch (BranchName, or Branch for GitHub v1). */
  branch(config: Record<string, string>): string | undefined;
  /** Repository as the pipeline names it, for messages and the plan. */
  repository(config: Record<string, string>): string;
  variables(info: CommitInfo, config: Record<string, string>, ctx: ActionContext): Record<string, string>;
  cloneUrl?(config: Record<string, string>, ctx: ActionContext): string;
  revisionUrl?(config: Record<string, string>, commit: string): string | undefined;
  /** GitHub v1 has no OutputArtifactFormat. */
  supportsCloneRef: boolean;
}

/** The commit to read, and the note to log when the branch is missing and HEAD stands in. */
async function pickCommit(
  root: string,
  branch: string | undefined,
  revision: string | undefined,
): Promise<{ commit: string; note?: string }> {
  if (revision) {
    const c = await resolveCommit(root, revision);
    if (!c) throw new Error(`revision ${revision} does not exist in the local repository ${root}`);
    return { commit: c };
  }
  if (branch) {
    const c = await branchCommit(root, branch);
    if (c) return { commit: c };
  }
  const head = await resolveCommit(root, 'HEAD');
  if (!head) throw new Error(`the local repository ${root} has no commits`);
  return {
    commit: head,
    note: `note: branch ${branch ?? '(none)'} does not exist in ${root}; using HEAD (${head.slice(0, 12)})`,
  };
}

/** Uncommitted edits are not in a commit, so the run does not see them: said on every such run. */
function warnIfDirty(ctx: ActionContext, root: string, count: number): void {
  if (count === 0) return;
  const say = ctx.notice ?? ctx.log;
  say(
    `${count} file(s) differ from the last commit in ${root} and are NOT in this run (sources are commits, as on AWS); ` +
      `commit them, or run the working tree with --source ${ctx.actionName}=.@${WORKTREE_REVISION}`,
  );
}

/** The commit to read and the commit facts to record (HEAD + the dirty marker for a working tree). */
async function pickSource(ctx: ActionContext, root: string, branch: string | undefined, revision: string | undefined) {
  if (revision === WORKTREE_REVISION) {
    const { commit, head } = await worktreeCommit(root);
    const base = head ? await commitInfo(root, head) : undefined;
    const info: CommitInfo = {
      commit: `${head ?? commit}${DIRTY_SUFFIX}`,
      authorName: base?.authorName ?? 'codelocal',
      authorDate: base?.authorDate ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      committerDate: base?.committerDate ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      message: `working tree of ${root}${base ? ` on top of ${base.message}` : ''}`,
    };
    ctx.log(`working tree of ${root} (tracked and untracked files, .gitignore honoured) as commit ${commit}`);
    return { commit, info };
  }
  // `git status` and the commit lookup run side by side; their lines keep their order.
  const [dirty, picked] = await Promise.all([
    revision ? 0 : dirtyFileCount(root).catch(() => 0),
    pickCommit(root, branch, revision),
  ]);
  warnIfDirty(ctx, root, dirty);
  if (picked.note) ctx.log(picked.note);
  return { commit: picked.commit, info: await commitInfo(root, picked.commit) };
}

export function gitSourceProvider(flavor: GitFlavor): ActionProvider {
  return {
    types: [flavor.type],
    async run(ctx): Promise<ActionResult> {
      const config = ctx.configuration;
      const override = ctx.services.sourceOverrides[ctx.actionName];
      const dir = override?.path ? resolve(ctx.services.cwd, override.path) : ctx.services.cwd;
      const root = await repositoryRoot(dir);
      const branch = flavor.branch(config);
      const { commit, info } = await pickSource(ctx, root, branch, override?.revision);
      const slot = ctx.outputs[0]!;
      const format = flavor.supportsCloneRef ? (config.OutputArtifactFormat ?? 'CODE_ZIP') : 'CODE_ZIP';
      ctx.log(`${root} at ${commit} (${info.message.split('\n')[0]})`);
      const result: ActionResult = {
        status: 'Succeeded',
        outputVariables: flavor.variables(info, config, ctx),
        externalExecutionId: info.commit,
        summary: info.message.split('\n')[0],
        revision: {
          revisionId: info.commit,
          revisionSummary: info.message,
          created: info.committerDate,
          ...(flavor.revisionUrl?.(config, info.commit)
            ? { revisionUrl: flavor.revisionUrl(config, info.commit) }
            : {}),
        },
      };
      if (format === 'CODEBUILD_CLONE_REF') {
        const ref: CloneRef = {
          AccountId: ctx.services.accountId,
          FullRepositoryName: flavor.repository(config),
          CloneUrl: flavor.cloneUrl?.(config, ctx) ?? `file://${root}`,
          CommitId: commit,
          BranchName: branch ?? '',
          ...(config.ConnectionArn ? { ConnectionArn: config.ConnectionArn } : {}),
          CodelocalRepositoryPath: root,
        };
        writeFileSync(join(slot.dir, CLONE_REF_FILE), JSON.stringify(ref, null, 2) + '\n');
        ctx.log(`CODEBUILD_CLONE_REF: a reference to ${root} at ${commit}; only CodeBuild actions can use it`);
        return { ...result, formats: { [slot.name]: 'CODEBUILD_CLONE_REF' } };
      }
      const zip = await writeCodeZip(root, commit, ctx.services.s3, slot);
      ctx.log(`CODE_ZIP: ${zip.files} files`);
      if (zip.symlinksDropped.length > 0) {
        ctx.log(
          `left out ${zip.symlinksDropped.length} symlink(s), as CodePipeline does: ${zip.symlinksDropped.slice(0, 5).join(', ')}`,
        );
      }
      return { ...result, stored: { [slot.name]: { format: 'CODE_ZIP', revision: info.commit } } };
    },
  };
}
