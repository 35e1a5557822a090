/**
 * Pipelines against the real engine: a temp git repository made by the test (git init/commit
 * through execa), its own state folder, and the shared runtime of the test file.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll } from 'vitest';
import { runPipeline, type RunPipelineOptions } from '../../../src/api/pipeline.js';
import { removeUnusedTaskImages } from '../../../src/local-aws/index.js';
import { getRuntime } from '../helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export interface Repo {
  dir: string;
  state: string;
  commits: string[];
}

const git = (dir: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=codelocal test', '-c', 'user.email=test@codelocal.invalid', ...args], { cwd: dir });

/** A repository on `main` with `files` committed (a second commit adds `second.txt`, so history has 2). */
export async function gitRepo(
  files: Record<string, string>,
  options: { symlinks?: Record<string, string>; copyFrom?: string } = {},
): Promise<Repo> {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-repo-'));
  const state = mkdtempSync(join(tmpdir(), 'codelocal-pstate-'));
  made.push(dir, state);
  if (options.copyFrom) cpSync(options.copyFrom, dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const [link, target] of Object.entries(options.symlinks ?? {})) symlinkSync(target, join(dir, link));
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'first commit');
  writeFileSync(join(dir, 'second.txt'), 'second\n');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'second commit\n\nwith a body');
  const log = await git(dir, 'log', '--format=%H');
  return { dir, state, commits: log.stdout.trim().split('\n').reverse() };
}

/**
 * The task images a test's deploys pulled go with its service, as `clean --services` takes them (docs/local-aws.md);
 * call after the service's containers are removed.
 */
export async function removeTaskImages(repo: Repo | undefined): Promise<void> {
  if (repo)
    await removeUnusedTaskImages({ runtime: await getRuntime(), stateRoot: repo.state, evenOtherProcesses: true });
}

/**
 * Runs a pipeline and keeps its actions' output as the CLI prints it: every line with its `[Stage.Action] `
 * prefix. A log event carries a chunk, not a line (a command's stderr line and the stdout line after it can come
 * in one), so lines are split per action as src/cli/render/pipeline-live.ts does.
 */
export async function runIn(repo: Repo, file: string, o: Partial<RunPipelineOptions> = {}) {
  let log = '';
  const partial = new Map<string, string>();
  const result = await runPipeline({
    file,
    cwd: repo.dir,
    stateDir: repo.state,
    runtime: await getRuntime(),
    onEvent: (e) => {
      if (e.type !== 'log') return;
      const key = `${e.stage}.${e.action}`;
      const lines = ((partial.get(key) ?? '') + e.text).split('\n');
      partial.set(key, lines.pop() ?? '');
      for (const l of lines) log += `[${key}] ${l}\n`;
    },
    ...o,
  });
  for (const [key, rest] of partial) if (rest) log += `[${key}] ${rest}`;
  return { ...result, log };
}

export const GIT_SOURCE = { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' };
export const CODECOMMIT = { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' };
export const CODEBUILD = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' };

export function connectionSource(name: string, output: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    actionTypeId: GIT_SOURCE,
    configuration: {
      ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/abc',
      FullRepositoryId: 'org/app',
      BranchName: 'main',
    },
    outputArtifacts: [{ name: output }],
    ...extra,
  };
}

/** A batch-get-projects file whose projects carry inline buildspecs. */
export function projectsFile(
  dir: string,
  projects: Record<string, { buildspec: string; env?: Record<string, string> }>,
): string {
  const file = join(dir, 'projects.json');
  writeFileSync(
    file,
    JSON.stringify({
      projects: Object.entries(projects).map(([name, p]) => ({
        name,
        source: { type: 'CODEPIPELINE', buildspec: p.buildspec },
        artifacts: { type: 'CODEPIPELINE' },
        environment: {
          type: 'LINUX_CONTAINER',
          image: 'aws/codebuild/standard:7.0',
          computeType: 'BUILD_GENERAL1_SMALL',
          environmentVariables: Object.entries(p.env ?? {}).map(([k, v]) => ({ name: k, value: v, type: 'PLAINTEXT' })),
        },
      })),
    }),
  );
  return file;
}

export function pipelineFile(dir: string, stages: unknown[], name = 'docker-pipeline'): string {
  const file = join(dir, 'pipeline.json');
  writeFileSync(
    file,
    JSON.stringify({
      name,
      roleArn: 'arn:aws:iam::123456789012:role/r',
      artifactStore: { type: 'S3', location: 'pipeline-artifacts' },
      stages,
    }),
  );
  return file;
}
