/**
 * Execution modes across PROCESSES (docs/aws/codepipeline.md §12.1–§12.3): three `codelocal pipeline
 * run` processes share one state folder and race through a pipeline whose build sleeps. The stage
 * locks live in the history database, so the rules hold between processes as they do inside one
 * (test/unit/pipeline-engine/execution-modes.test.ts pins them with fakes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { expect, it } from 'vitest';
import { ExecutionStore } from '../../../src/stores/execution-store.js';
import { StageGateStore } from '../../../src/stores/stage-gates.js';
import { describeDocker } from '../helpers.js';
import { CODEBUILD, connectionSource, gitRepo, pipelineFile, projectsFile, type Repo } from './harness.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(repo: Repo, mode: string): { file: string; projects: string } {
  const projects = projectsFile(repo.state, {
    slow: { buildspec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 6\n' },
  });
  const file = pipelineFile(repo.state, [
    { name: 'Source', actions: [connectionSource('Code', 'Code')] },
    {
      name: 'Build',
      actions: [
        {
          name: 'Slow',
          actionTypeId: CODEBUILD,
          inputArtifacts: [{ name: 'Code' }],
          configuration: { ProjectName: 'slow' },
        },
      ],
    },
  ]);
  // The mode is part of the definition, as on AWS (V2 for QUEUED and PARALLEL).
  const def = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...def, executionMode: mode, pipelineType: 'V2' }));
  return { file, projects };
}

function start(repo: Repo, s: { file: string; projects: string }): ResultPromise {
  return execa(
    'node',
    [CLI, 'pipeline', 'run', s.file, '--projects', s.projects, '--state-dir', repo.state, '--json'],
    {
      cwd: repo.dir,
      reject: false,
      env: { NO_COLOR: '1' },
    },
  );
}

async function until(repo: Repo, what: string, ready: (g: StageGateStore, h: ExecutionStore) => boolean) {
  for (let i = 0; i < 600; i++) {
    const g = StageGateStore.open(join(repo.state, 'executions.db'));
    const h = ExecutionStore.open(join(repo.state, 'executions.db'));
    try {
      if (ready(g, h)) return;
    } finally {
      g.close();
      h.close();
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting until ${what}`);
}

const runningSlow = (h: ExecutionStore) =>
  h
    .listPipelineExecutions({ limit: 10 })
    .flatMap((e) => h.listActionExecutions(e.id))
    .filter((a) => a.action === 'Slow' && a.status === 'InProgress').length;

/** Three processes: the second starts once the first builds, the third once the second waits (or builds). */
async function race(mode: string) {
  const repo = await gitRepo({ 'README.md': '# app\n' });
  const s = setup(repo, mode);
  const first = start(repo, s);
  await until(repo, 'the first build runs', (_g, h) => runningSlow(h) === 1);
  const second = start(repo, s);
  if (mode === 'PARALLEL') await until(repo, 'two builds run', (_g, h) => runningSlow(h) === 2);
  else await until(repo, 'the second waits', (g) => g.waiting('docker-pipeline', 'Build').length === 1);
  const third = start(repo, s);
  const results = await Promise.all([first, second, third]);
  const views = results.map((r) => {
    const parsed = JSON.parse(String(r.stdout)) as {
      pipelineExecution: { status: string; pipelineExecutionId: string };
    };
    return { exit: r.exitCode, ...parsed.pipelineExecution };
  });
  const h = ExecutionStore.open(join(repo.state, 'executions.db'));
  try {
    const builds = views.map((v) => h.listActionExecutions(v.pipelineExecutionId).find((a) => a.action === 'Slow'));
    return { views, builds };
  } finally {
    h.close();
  }
}

describeDocker('pipeline execution modes across processes', () => {
  it('§12.1 SUPERSEDED: the execution waiting in front of Build is overtaken by the third and ends Superseded (exit 1)', async () => {
    const { views, builds } = await race('SUPERSEDED');
    expect(views.map((v) => v.status)).toEqual(['Succeeded', 'Superseded', 'Succeeded']);
    expect(views.map((v) => v.exit)).toEqual([0, 1, 0]);
    expect(builds[1]).toBeUndefined();
    expect(builds[2]!.startTime).toBeGreaterThanOrEqual(builds[0]!.endTime!);
  }, 240_000);

  it('§12.2 QUEUED: all three build, one after the other, in start order', async () => {
    const { views, builds } = await race('QUEUED');
    expect(views.map((v) => v.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(builds[1]!.startTime).toBeGreaterThanOrEqual(builds[0]!.endTime!);
    expect(builds[2]!.startTime).toBeGreaterThanOrEqual(builds[1]!.endTime!);
  }, 240_000);

  it('§12.3 PARALLEL: the builds overlap', async () => {
    const { views, builds } = await race('PARALLEL');
    expect(views.map((v) => v.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(builds[1]!.startTime).toBeLessThan(builds[0]!.endTime!);
    expect(builds[2]!.startTime).toBeLessThan(builds[1]!.endTime!);
  }, 240_000);
});
