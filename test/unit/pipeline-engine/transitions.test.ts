/**
 * Inbound stage transitions (docs/aws/codepipeline.md §12.4): a disabled transition holds arriving
 * executions in front of the stage; in SUPERSEDED mode the most recent one wins, in QUEUED mode
 * they enter in order once the transition is enabled; the reason is checked as AWS checks it.
 */
import { describe, expect, it } from 'vitest';
import { setStageTransition, listStageTransitions } from '../../../src/api/pipeline-transition.js';
import { isCodelocalError } from '../../../src/errors.js';
import { pipelineState } from '../../../src/api/pipeline-state.js';
import { StageGateStore } from '../../../src/stores/stage-gates.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAction, fakes, pipelineOf, project, run, type Project } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `n` executions wait in front of Build (no fixed sleeps: a loaded machine is slow). */
async function waitingAtBuild(p: Project, n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const gates = StageGateStore.open(join(p.state, 'executions.db'));
    try {
      if (gates.waiting('engine-test', 'Build').length >= n) return;
    } finally {
      gates.close();
    }
    await sleep(20);
  }
  throw new Error(`fewer than ${n} executions waiting at Build`);
}

function twoStage(extra: Record<string, unknown> = {}) {
  return pipelineOf([{ name: 'Build', actions: [buildAction('Quick', 'ok')] }], extra);
}

describe('inbound transitions (§12.4)', () => {
  it('SUPERSEDED: disable before Build, run twice, enable: only the second enters Build (§8.27)', async () => {
    const p = project(twoStage());
    const f = fakes();
    const t = setStageTransition({
      pipeline: p.file,
      stage: 'Build',
      enabled: false,
      reason: 'hold (review)',
      stateDir: p.state,
    });
    expect(t).toMatchObject({
      pipeline: 'engine-test',
      stage: 'Build',
      enabled: false,
      disabledReason: 'hold (review)',
    });
    const first = run(p, f, { gatePollMs: 20 });
    await waitingAtBuild(p, 1);
    const second = run(p, f, { gatePollMs: 20 });
    // The second arrives at the disabled transition and overtakes the first, which ends at once.
    const a = await first;
    expect(a.execution.status).toBe('Superseded');
    await waitingAtBuild(p, 1);
    expect(f.calls.get('Quick')).toBeUndefined();
    setStageTransition({ pipeline: 'engine-test', stage: 'Build', enabled: true, stateDir: p.state });
    const b = await second;
    expect(b.execution.status).toBe('Succeeded');
    expect(f.calls.get('Quick')).toBe(1);
    expect(listStageTransitions({ pipeline: 'engine-test', stateDir: p.state })[0]!.enabled).toBe(true);
  }, 20_000);

  it('QUEUED: both wait, then enter one after the other', async () => {
    const p = project(twoStage({ executionMode: 'QUEUED', pipelineType: 'V2' }));
    const f = fakes();
    setStageTransition({ pipeline: p.file, stage: 'Build', enabled: false, reason: 'freeze', stateDir: p.state });
    const first = run(p, f, { gatePollMs: 20 });
    await waitingAtBuild(p, 1);
    const second = run(p, f, { gatePollMs: 20 });
    await waitingAtBuild(p, 2);
    // GetPipelineState: both are inbound executions of Build; its transition is disabled.
    const build = pipelineState({ pipeline: 'engine-test', stateDir: p.state }).stageStates.find(
      (x) => x.stageName === 'Build',
    )!;
    expect(build.inboundExecutions).toHaveLength(2);
    expect(build.inboundTransitionState).toMatchObject({ enabled: false, disabledReason: 'freeze' });
    expect(build.latestExecution).toBeUndefined();
    setStageTransition({ pipeline: p.file, stage: 'Build', enabled: true, stateDir: p.state });
    const [a, b] = await Promise.all([first, second]);
    expect([a.execution.status, b.execution.status]).toEqual(['Succeeded', 'Succeeded']);
    expect(f.calls.get('Quick')).toBe(2);
  }, 20_000);

  it('refuses a missing or invalid reason and an unknown stage, as DisableStageTransition does', () => {
    const p = project(twoStage());
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isCodelocalError(e) ? e.code : String(e);
      }
      return 'no error';
    };
    const base = { pipeline: p.file, enabled: false, stateDir: p.state };
    expect(code(() => setStageTransition({ ...base, stage: 'Build' }))).toBe('TRANSITION_REASON_INVALID');
    expect(code(() => setStageTransition({ ...base, stage: 'Build', reason: 'no_underscores' }))).toBe(
      'TRANSITION_REASON_INVALID',
    );
    expect(code(() => setStageTransition({ ...base, stage: 'Build', reason: 'x'.repeat(301) }))).toBe(
      'TRANSITION_REASON_INVALID',
    );
    expect(code(() => setStageTransition({ ...base, stage: 'Nope', reason: 'ok' }))).toBe('STAGE_NOT_FOUND');
  });

  it('§5.7 CloudFormation DisableInboundStageTransitions sets the initial state; an enable sticks', async () => {
    const p = project({});
    const template = {
      Resources: {
        Pipe: {
          Type: 'AWS::CodePipeline::Pipeline',
          Properties: {
            Name: 'engine-test',
            RoleArn: 'arn:aws:iam::123456789012:role/r',
            ArtifactStore: { Type: 'S3', Location: 'engine-artifacts' },
            DisableInboundStageTransitions: [{ StageName: 'Build', Reason: 'held by the template' }],
            Stages: [
              {
                Name: 'Source',
                Actions: [
                  {
                    Name: 'Src',
                    ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'S3', Version: '1' },
                    Configuration: { S3Bucket: 'b', S3ObjectKey: 'k.zip' },
                    OutputArtifacts: [{ Name: 'SourceOutput' }],
                  },
                ],
              },
              {
                Name: 'Build',
                Actions: [
                  {
                    Name: 'Quick',
                    ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
                    Configuration: { ProjectName: 'ok' },
                    InputArtifacts: [{ Name: 'SourceOutput' }],
                  },
                ],
              },
            ],
          },
        },
      },
    };
    const file = join(p.dir, 'template.json');
    writeFileSync(file, JSON.stringify(template));
    const f = fakes();
    const held = run({ ...p, file }, f, { gatePollMs: 20 });
    await waitingAtBuild(p, 1);
    expect(listStageTransitions({ pipeline: 'engine-test', stateDir: p.state })[0]).toMatchObject({
      enabled: false,
      disabledReason: 'held by the template',
      lastChangedBy: 'CloudFormation',
    });
    setStageTransition({ pipeline: 'engine-test', stage: 'Build', enabled: true, stateDir: p.state });
    expect((await held).execution.status).toBe('Succeeded');
    // Enabled by hand: the next run is not held again.
    expect((await run({ ...p, file }, f, { gatePollMs: 20 })).execution.status).toBe('Succeeded');
  }, 20_000);
});
