/**
 * `pipeline run --skip Stage.Action`, `--artifact NAME=DIR` and `--until STAGE` (issue 11): the part
 * of a pipeline that can run locally. A skipped action is recorded Succeeded with codelocal's
 * summary and its outputs empty or from the given folder; the stages after --until are not started;
 * the plan and the dry run show both; unknown names are refused before anything runs.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dryRunPipeline } from '../../../src/api/pipeline-dry-run.js';
import { planPipelineFile } from '../../../src/api/pipeline-plan.js';
import { notEmulatedError } from '../../../src/engine/pipeline/not-emulated.js';
import { renderPlanText } from '../../../src/plan/render-plan.js';
import { SKIPPED_SUMMARY } from '../../../src/plan/partial-run.js';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { S3_DEPLOY, buildAction, fakes, pipelineOf, project, run } from './helpers.js';

const ELASTIC_BEANSTALK = { category: 'Deploy', owner: 'AWS', provider: 'ElasticBeanstalk', version: '1' };

function threeStages() {
  return pipelineOf([
    { name: 'Build', actions: [buildAction('Build', 'ok', { outputArtifacts: [{ name: 'App' }] })] },
    {
      name: 'Deploy',
      actions: [
        {
          name: 'Beanstalk',
          actionTypeId: ELASTIC_BEANSTALK,
          configuration: { ApplicationName: 'app', EnvironmentName: 'prod' },
          inputArtifacts: [{ name: 'App' }],
        },
      ],
    },
    {
      name: 'Publish',
      actions: [
        {
          name: 'Copy',
          actionTypeId: S3_DEPLOY,
          configuration: { BucketName: 'b', Extract: 'true' },
          inputArtifacts: [{ name: 'App' }],
        },
      ],
    },
  ]);
}

/** An S3 deploy stand-in that reports the files of its input. */
function publisher(seen: string[][]): ActionProvider {
  return {
    types: [S3_DEPLOY],
    run(ctx) {
      seen.push(readdirSync(ctx.inputs[0]!.dir).sort());
      return Promise.resolve({ status: 'Succeeded' });
    },
  };
}

describe('pipeline run --skip / --artifact / --until (issue 11)', () => {
  it('a skipped action is recorded Succeeded with its summary, its output empty, and the later stages run', async () => {
    const p = project(threeStages());
    const seen: string[][] = [];
    const f = fakes([publisher(seen)]);
    const r = await run(p, f, { skip: ['Deploy.Beanstalk', 'Build.Build'] });
    expect(r.execution.status).toBe('Succeeded');
    const bean = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Beanstalk')!;
    expect(bean.status).toBe('Succeeded');
    expect(bean.output.executionResult.externalExecutionSummary).toBe(SKIPPED_SUMMARY);
    const build = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Build')!;
    expect(build.output.outputArtifacts.map((a) => a.name)).toEqual(['App']);
    expect(seen).toEqual([[]]);
    expect(f.calls.get('Build')).toBeUndefined();
    expect(f.calls.get('Src')).toBe(1);
  });

  it('--artifact NAME=DIR fills the skipped output with that folder', async () => {
    const p = project(threeStages());
    const dir = join(p.dir, 'prebuilt');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), 'hi');
    const seen: string[][] = [];
    const r = await run(p, fakes([publisher(seen)]), {
      skip: ['Build.Build', 'Deploy.Beanstalk'],
      artifactDirs: { App: 'prebuilt' },
    });
    expect(r.execution.status).toBe('Succeeded');
    expect(seen).toEqual([['index.html']]);
  });

  it('--until runs up to and including the stage; the later ones are not started', async () => {
    const p = project(threeStages());
    const f = fakes();
    const r = await run(p, f, { until: 'Build' });
    expect(r.execution.status).toBe('Succeeded');
    expect(r.execution.statusSummary).toContain('--until Build');
    expect(r.execution.codelocal.stages.map((s) => s.name)).toEqual(['Source', 'Build']);
    expect(r.execution.actionExecutionDetails.some((a) => a.actionName === 'Beanstalk')).toBe(false);
  });

  it('unknown actions, stages and artifacts are refused before anything runs', async () => {
    const p = project(threeStages());
    await expect(run(p, fakes(), { skip: ['Deploy.Nope'] })).rejects.toMatchObject({ code: 'FLAG_INVALID' });
    await expect(run(p, fakes(), { skip: ['Beanstalk'] })).rejects.toThrow(/Stage\.Action/);
    await expect(run(p, fakes(), { until: 'Prod' })).rejects.toThrow(/no stage Prod/);
    await expect(run(p, fakes(), { skip: ['Deploy.Beanstalk'], artifactDirs: { App: p.dir } })).rejects.toThrow(
      /no skipped action produces an output artifact named App/,
    );
    await expect(
      run(p, fakes(), { skip: ['Deploy.Beanstalk'], artifactDirs: { Deployed: 'missing' } }),
    ).rejects.toThrow(/is not a folder/);
  });

  it('the plan and the dry run show skipped actions and the stages not started', () => {
    const p = project(threeStages());
    const o = { cwd: p.dir, stateDir: p.state, skip: ['Deploy.Beanstalk'], until: 'Deploy' };
    const plan = planPipelineFile(p.file, o);
    const text = renderPlanText(plan);
    expect(text).toContain('skipped (--skip): not run; outputs empty');
    expect(text).toContain('not started (after --until Deploy)');
    const d = dryRunPipeline({ file: p.file, ...o });
    expect(d.actions.find((a) => a.action === 'Beanstalk')!.skipped).toBe('skip');
    expect(d.actions.find((a) => a.action === 'Copy')!.skipped).toBe('until');
    expect(d.missingProviders).toEqual([]);
  });

  it('ACTION_NOT_EMULATED points at --skip and --until', () => {
    const e = notEmulatedError('Deploy', 'Beanstalk', ELASTIC_BEANSTALK);
    expect(e.message).toContain('--skip Deploy.Beanstalk');
    expect(e.message).toContain('--until STAGE');
  });
});

describe('a retry of a partial run (issue 11)', () => {
  it('skips and stops where the first attempt did', async () => {
    const { retryPipeline } = await import('../../../src/api/pipeline.js');
    const p = project(
      pipelineOf([
        {
          name: 'Build',
          actions: [
            buildAction('Skipped', 'ok', { outputArtifacts: [{ name: 'App' }] }),
            buildAction('Flaky', 'flaky:1'),
          ],
        },
        { name: 'Later', actions: [buildAction('Never', 'ok')] },
      ]),
    );
    const f = fakes();
    const first = await run(p, f, { skip: ['Build.Skipped'], until: 'Build' });
    expect(first.execution.status).toBe('Failed');
    const again = await retryPipeline({
      executionId: first.execution.pipelineExecutionId,
      cwd: p.dir,
      stateDir: p.state,
      registry: f.registry,
      stopPollMs: 0,
    });
    expect(again.execution.status).toBe('Succeeded');
    expect(again.execution.statusSummary).toContain('--until Build');
    expect(f.calls.get('Skipped')).toBeUndefined();
    expect(f.calls.get('Flaky')).toBe(2);
    expect(f.calls.get('Never')).toBeUndefined();
  });
});
