/** Retry (docs/aws/codepipeline.md §5.5, §8.24), the artifact store (§3.1, §8.17) and the CLONE_REF rule (§8.16). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retryPipeline } from '../../../src/api/pipeline.js';
import { getExecution, listExecutions } from '../../../src/api/executions.js';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { extractZip } from '../../../src/archive/index.js';
import { tempFolder } from '../../../src/engine/pipeline/artifacts.js';
import { StateDir } from '../../../src/workspace/index.js';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { ExecutionStore } from '../../../src/stores/execution-store.js';
import { S3_DEPLOY, buildAction, fakes, openStore, pipelineOf, project, run, sourceAction } from './helpers.js';

const flakyPipeline = () =>
  pipelineOf([
    {
      name: 'Build',
      actions: [
        buildAction('Flaky', 'flaky:1', { outputArtifacts: [{ name: 'FlakyOut' }] }),
        buildAction('Steady', 'ok', {
          namespace: 'SteadyNS',
          configuration: { ProjectName: 'ok', EnvironmentVariables: '[{"name":"S","value":"from-first-attempt"}]' },
        }),
      ],
    },
    {
      name: 'Deploy',
      actions: [
        buildAction('Final', 'ok', {
          inputArtifacts: [{ name: 'FlakyOut' }, { name: 'SourceOutput' }],
          configuration: {
            ProjectName: 'ok',
            PrimarySource: 'FlakyOut',
            EnvironmentVariables: '[{"name":"GOT","value":"#{SteadyNS.S}"}]',
          },
        }),
      ],
    },
  ]);

describe('pipeline engine: retry', () => {
  it('docs/aws/codepipeline.md §8.24: FAILED_ACTIONS re-runs only the failed action in the same execution, then continues with recorded artifacts and variables', async () => {
    const p = project(flakyPipeline());
    const f = fakes();
    const first = await run(p, f);
    expect(first.execution.status).toBe('Failed');
    const id = first.execution.pipelineExecutionId;
    const again = await retryPipeline({
      executionId: id.slice(0, 8),
      cwd: p.dir,
      stateDir: p.state,
      registry: f.registry,
      stopPollMs: 0,
    });
    expect(again.execution.pipelineExecutionId).toBe(id);
    expect(again.execution.status).toBe('Succeeded');
    expect(f.calls.get('Flaky')).toBe(2);
    expect(f.calls.get('Steady')).toBe(1);
    expect(f.calls.get('Src')).toBe(1);
    const details = again.execution.actionExecutionDetails;
    const flaky = details.filter((a) => a.actionName === 'Flaky').map((a) => `${a.codelocal.attempt}:${a.status}`);
    expect(flaky.sort()).toEqual(['1:Failed', '2:Succeeded']);
    const final = details.find((a) => a.actionName === 'Final')!;
    expect(final.output.outputVariables).toEqual({ GOT: 'from-first-attempt' });
    expect(final.input.inputArtifacts.map((i) => i.name)).toEqual(['FlakyOut', 'SourceOutput']);
    expect(listExecutions({ cwd: p.dir, stateDir: p.state })).toHaveLength(1);
  });

  it('docs/aws/codepipeline.md §8.24: ALL_ACTIONS re-runs every action of the failed stage', async () => {
    const p = project(flakyPipeline());
    const f = fakes();
    const first = await run(p, f);
    const again = await retryPipeline({
      executionId: first.execution.pipelineExecutionId,
      retryMode: 'ALL_ACTIONS',
      cwd: p.dir,
      stateDir: p.state,
      registry: f.registry,
      stopPollMs: 0,
    });
    expect(again.execution.status).toBe('Succeeded');
    expect(f.calls.get('Steady')).toBe(2);
    expect(f.calls.get('Flaky')).toBe(2);
  });

  it('docs/aws/codepipeline.md §8.24: StageNotRetryableException when nothing failed; NotLatest when a newer execution ran the stage', async () => {
    const p = project(pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok')] }]));
    const f = fakes();
    const ok = await run(p, f);
    await expect(
      retryPipeline({
        executionId: ok.execution.pipelineExecutionId,
        cwd: p.dir,
        stateDir: p.state,
        registry: f.registry,
      }),
    ).rejects.toMatchObject({ code: 'STAGE_NOT_RETRYABLE' });

    const q = project(flakyPipeline());
    const g = fakes();
    const older = await run(q, g);
    await new Promise((r) => setTimeout(r, 5));
    await run(q, g);
    await expect(
      retryPipeline({
        executionId: older.execution.pipelineExecutionId,
        cwd: q.dir,
        stateDir: q.state,
        registry: g.registry,
      }),
    ).rejects.toMatchObject({ code: 'NOT_LATEST_PIPELINE_EXECUTION' });
  });

  it('a stopped execution can be retried (docs/aws/codepipeline.md §5.4)', async () => {
    const p = project(
      pipelineOf([
        { name: 'Build', actions: [buildAction('Long', 'sleep:300'), buildAction('Next', 'ok', { runOrder: 2 })] },
      ]),
    );
    const f = fakes();
    const { StopController } = await import('../../../src/engine/pipeline/stop.js');
    const stop = new StopController();
    const first = await run(p, f, {
      stop,
      onEvent: (e) => {
        if (e.type === 'action' && e.action === 'Long' && e.status === 'InProgress')
          setTimeout(() => stop.request(true), 30);
      },
    });
    expect(first.execution.status).toBe('Stopped');
    const again = await retryPipeline({
      executionId: first.execution.pipelineExecutionId,
      cwd: p.dir,
      stateDir: p.state,
      registry: f.registry,
      stopPollMs: 0,
    });
    expect(again.execution.status).toBe('Succeeded');
    expect(f.calls.get('Next')).toBe(1);
  });
});

describe('pipeline engine: artifact store', () => {
  it('docs/aws/codepipeline.md §8.17: keys are <pipeline[:20]>/<artifact[:10]>/<7 random>, a new object per execution, zipped', async () => {
    const def = pipelineOf(
      [{ name: 'Build', actions: [buildAction('B', 'ok', { outputArtifacts: [{ name: 'BuildOutputArtifact' }] })] }],
      {
        name: 'a-very-long-pipeline-name-indeed',
      },
    );
    delete (def as { artifactStore?: unknown }).artifactStore;
    const p = project(def);
    const keys: string[] = [];
    let bucket = '';
    for (let i = 0; i < 2; i++) {
      const r = await run(p, fakes());
      const b = r.execution.actionExecutionDetails.find((a) => a.actionName === 'B')!;
      const out = b.output.outputArtifacts[0]!;
      expect(out.s3location.key).toMatch(/^a-very-long-pipeline\/BuildOutpu\/[A-Za-z0-9]{7}$/);
      // No artifactStore in the file: the console-style default bucket, stable across runs.
      expect(out.s3location.bucket).toMatch(/^codepipeline-us-east-1-\d{12}$/);
      if (bucket) expect(out.s3location.bucket).toBe(bucket);
      bucket = out.s3location.bucket;
      keys.push(out.s3location.key);
      expect(b.input.inputArtifacts[0]!.s3location.key).toMatch(/^a-very-long-pipeline\/SourceOutp\/[A-Za-z0-9]{7}$/);
    }
    expect(keys[0]).not.toBe(keys[1]);
    const s3 = new LocalS3Store(join(p.state, 's3'));
    const dest = tempFolder(new StateDir(p.state), 'test');
    await extractZip(s3.objectPath(bucket, keys[1]!), dest);
    expect(readFileSync(join(dest, 'out.txt'), 'utf8')).toBe('B\n');
    expect(existsSync(s3.objectPath(bucket, keys[0]!))).toBe(true);
  });

  it('docs/aws/codepipeline.md §8.16: a CODEBUILD_CLONE_REF artifact is refused by a non-CodeBuild consumer before it starts', async () => {
    let deployed = false;
    const s3Deploy: ActionProvider = {
      types: [S3_DEPLOY],
      async run() {
        deployed = true;
        return { status: 'Succeeded' };
      },
    };
    const def = pipelineOf([
      {
        name: 'Deploy',
        actions: [
          {
            name: 'ToBucket',
            actionTypeId: S3_DEPLOY,
            configuration: { BucketName: 'site', Extract: 'true' },
            inputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
    ]);
    def.stages[0] = {
      name: 'Source',
      actions: [
        sourceAction('Src', { configuration: { S3Bucket: 'b', S3ObjectKey: 'k', Format: 'CODEBUILD_CLONE_REF' } }),
      ],
    };
    const r = await run(project(def), fakes([s3Deploy]));
    expect(r.execution.status).toBe('Failed');
    const d = r.execution.actionExecutionDetails.find((a) => a.actionName === 'ToBucket')!;
    expect(d.status).toBe('Failed');
    expect(d.output.executionResult.externalExecutionSummary).toMatch(
      /CODEBUILD_CLONE_REF .*only CodeBuild actions can use$/,
    );
    expect(deployed).toBe(false);
  });

  it('an action type without a local provider is refused up front, naming it (no silent no-op)', async () => {
    const def = pipelineOf([
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Ecs',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' },
            configuration: { ClusterName: 'c', ServiceName: 's' },
            inputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
    ]);
    const p = project(def);
    await expect(run(p, fakes())).rejects.toMatchObject({
      code: 'ACTION_PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('Deploy.Ecs (Deploy/AWS/ECS/1)'),
    });
    expect(listExecutions({ cwd: p.dir, stateDir: p.state })).toEqual([]);
  });
});

describe('pipeline engine: history', () => {
  it('a run whose process vanished shows as Failed, its open actions Abandoned, and says so', async () => {
    const p = project(pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok')] }]));
    await run(p, fakes());
    const store = openStore(p);
    store.insertPipelineExecution({
      id: 'dead-run',
      pipeline: 'engine-test',
      pid: 2 ** 22 + 12345,
      result: { stages: [{ name: 'Build', status: 'InProgress' }] },
    });
    store.insertActionExecution({ id: 'dead-action', executionId: 'dead-run', stage: 'Build', action: 'B' });
    store.close();
    const list = listExecutions({ cwd: p.dir, stateDir: p.state });
    const dead = list.find((e) => e.pipelineExecutionId === 'dead-run')!;
    expect(dead.status).toBe('Failed');
    expect(dead.orphaned).toBe(true);
    const view = getExecution({ executionId: 'dead-run', cwd: p.dir, stateDir: p.state });
    expect(view.actionExecutionDetails[0]!.status).toBe('Abandoned');
    expect(view.codelocal.stages[0]!.status).toBe('Failed');
  });

  it('two runs at once share the history without corrupting it', async () => {
    const p = project(
      // PARALLEL: the three run side by side (in SUPERSEDED mode one would be overtaken, §12.1).
      pipelineOf([{ name: 'Build', actions: [buildAction('A', 'sleep:100'), buildAction('B', 'sleep:50')] }], {
        executionMode: 'PARALLEL',
        pipelineType: 'V2',
      }),
    );
    const rs = await Promise.all([run(p, fakes()), run(p, fakes()), run(p, fakes())]);
    expect(rs.map((r) => r.execution.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    const store = ExecutionStore.open(join(p.state, 'executions.db'));
    for (const r of rs) expect(store.listActionExecutions(r.execution.pipelineExecutionId)).toHaveLength(3);
    store.close();
  });
});
