/**
 * Every way a `codelocal pipeline run` can end (issue 17), with a CodeBuild action running: SIGINT
 * (twice: stop, then abandon), SIGTERM (abandons at once), SIGKILL (then the next start sweeps) and a
 * closed stdout, at container start, mid-command and during the artifact upload. Afterwards nothing
 * labelled with the run's pid is left in the engine, its temp folders are gone, and history shows
 * the execution Stopped (Failed after a SIGKILL) and its build STOPPED (FAULT), never in progress.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import {
  CliRun,
  EXIT_FOR,
  labelledResources,
  nextStart,
  readHistory,
  resourcesLeft,
  tempDir,
  writeTree,
  type Ending,
} from './harness.js';

type Moment = 'start' | 'mid' | 'upload';

const TICKING =
  'version: 0.2\nphases:\n  build:\n    commands:\n      - echo mid-command-now\n' +
  '      - for i in $(seq 1 60); do echo tick $i; sleep 0.5; done\n';
const LARGE_ARTIFACT =
  'version: 0.2\nphases:\n  build:\n    commands:\n      - head -c 40000000 /dev/urandom > big.bin\n' +
  'artifacts:\n  files:\n    - big.bin\n';
const WHEN: Record<Moment, RegExp> = {
  start: /Waiting for agent ping/,
  mid: /tick 2\b/,
  upload: /Phase complete: POST_BUILD/,
};

/** A git repository with the pipeline (source → one CodeBuild action) and its project next to it. */
function pipelineRepo(buildspec: string): { repo: string; pipeline: string; projects: string } {
  const repo = writeTree(tempDir('codelocal-endings-repo-'), { 'README.md': '# app\n' });
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@codelocal.invalid', ...a], { cwd: repo });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'first');
  const cfg = tempDir('codelocal-endings-cfg-');
  const projects = join(cfg, 'projects.json');
  writeFileSync(
    projects,
    JSON.stringify({
      projects: [
        {
          name: 'work',
          source: { type: 'CODEPIPELINE', buildspec },
          artifacts: { type: 'CODEPIPELINE' },
          environment: {
            type: 'LINUX_CONTAINER',
            image: 'aws/codebuild/standard:7.0',
            computeType: 'BUILD_GENERAL1_SMALL',
          },
        },
      ],
    }),
  );
  const pipeline = join(cfg, 'pipeline.json');
  const type = (category: string, provider: string) => ({ category, owner: 'AWS', provider, version: '1' });
  writeFileSync(
    pipeline,
    JSON.stringify({
      name: 'endings',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      artifactStore: { type: 'S3', location: 'pipeline-artifacts' },
      stages: [
        {
          name: 'Source',
          actions: [
            {
              name: 'Code',
              actionTypeId: type('Source', 'CodeStarSourceConnection'),
              configuration: {
                ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/abc',
                FullRepositoryId: 'org/app',
                BranchName: 'main',
              },
              outputArtifacts: [{ name: 'Code' }],
            },
          ],
        },
        {
          name: 'Build',
          actions: [
            {
              name: 'Work',
              actionTypeId: type('Build', 'CodeBuild'),
              configuration: { ProjectName: 'work' },
              inputArtifacts: [{ name: 'Code' }],
              outputArtifacts: [{ name: 'Out' }],
            },
          ],
        },
      ],
    }),
  );
  return { repo, pipeline, projects };
}

async function endPipeline(ending: Ending, at: Moment): Promise<void> {
  const p = pipelineRepo(at === 'upload' ? LARGE_ARTIFACT : TICKING);
  const state = tempDir('codelocal-endings-pstate-');
  const run = new CliRun(['pipeline', 'run', p.pipeline, '--projects', p.projects, '--state-dir', state], p.repo);
  await run.waitFor(WHEN[at]);
  const tmp = join(state, 'tmp', `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}-${run.pid}`);
  expect(existsSync(tmp)).toBe(true); // the unpacked input lives under the state folder, named by pid
  // A first SIGINT lets running actions finish; the second abandons them (docs/endings.md).
  const exit = await run.end(ending, ending === 'SIGINT' ? 2 : 1);
  const statuses = () => {
    const h = readHistory(state);
    return { executions: h.executions.map((e) => e.status), builds: h.builds.map((b) => b.status) };
  };
  if (ending === 'SIGKILL') {
    expect(exit.signal).toBe('SIGKILL');
    expect(statuses()).toEqual({ executions: ['InProgress'], builds: ['IN_PROGRESS'] });
    expect(labelledResources(run.pid).length).toBeGreaterThan(0);
    // A read-only command already closes the orphan in an existing history (docs/endings.md).
    const list = new CliRun(['executions', 'list', '--state-dir', state], p.repo);
    expect((await list.exited).code, list.output).toBe(0);
    expect(statuses().executions).toEqual(['Failed']);
    await nextStart(state);
    const after = statuses();
    expect(after.executions).toEqual(['Failed']);
    expect(after.builds.sort()).toEqual(['FAULT', 'SUCCEEDED']); // the killed one, and the next start's
    expect(existsSync(tmp)).toBe(false);
  } else {
    expect(exit.code, run.output.slice(-1500)).toBe(EXIT_FOR[ending]);
    expect(statuses()).toEqual({ executions: ['Stopped'], builds: ['STOPPED'] });
    expect(existsSync(tmp)).toBe(false); // each action removed its folders, the last one the pid's
  }
  expect(await resourcesLeft(run.pid)).toEqual([]);
}

describeDocker('pipeline endings', () => {
  it('SIGINT twice at container start: Stopped, exit 130, nothing left', () => endPipeline('SIGINT', 'start'));
  it('SIGINT twice mid-command: Stopped, exit 130, nothing left', () => endPipeline('SIGINT', 'mid'));
  it('SIGTERM mid-command: abandoned at once, Stopped, exit 143, nothing left', () => endPipeline('SIGTERM', 'mid'));
  it('SIGTERM during the artifact upload: Stopped, exit 143, nothing left', () => endPipeline('SIGTERM', 'upload'));
  it('SIGKILL mid-command: the next start sweeps the engine and the temp folders, and closes it Failed', () =>
    endPipeline('SIGKILL', 'mid'));
  it('SIGKILL during the artifact upload: the next start sweeps and closes it Failed', () =>
    endPipeline('SIGKILL', 'upload'));
  it('a closed stdout at container start: Stopped, exit 141, nothing left', () => endPipeline('pipe', 'start'));
  it('a closed stdout mid-command: Stopped, exit 141, nothing left', () => endPipeline('pipe', 'mid'));
});
