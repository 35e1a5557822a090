/**
 * V2 stage conditions and failure handling with fake providers (docs/aws/codepipeline.md §12.5–§12.7):
 * beforeEntry FAIL/SKIP, onSuccess FAIL, onFailure RETRY (once, by retry mode) and ROLLBACK, the
 * manual RollbackStage and its refusals, and the locally evaluated rule types.
 */
import { describe, expect, it } from 'vitest';
import { rollbackStage } from '../../../src/api/pipeline-rollback.js';
import { inCronWindow } from '../../../src/engine/pipeline/conditions/cron-window.js';
import { isCodelocalError } from '../../../src/errors.js';
import { buildAction, fakes, openStore, pipelineOf, project, run } from './helpers.js';

const rule = (name: string, provider: string, configuration: Record<string, string>) => ({
  name,
  ruleTypeId: { category: 'Rule', owner: 'AWS', provider, version: '1' },
  configuration,
});

const branchCheck = (result: string) => ({
  conditions: [
    {
      result,
      rules: [rule('OnMain', 'VariableCheck', { Variable: '#{variables.branch}', Value: 'main', Operator: 'EQ' })],
    },
  ],
});

function withDeploy(deploy: Record<string, unknown>, project = 'ok') {
  return pipelineOf(
    [
      { name: 'Build', actions: [buildAction('Compile', 'ok')] },
      { name: 'Deploy', actions: [buildAction('Ship', project)], ...deploy },
    ],
    {
      variables: [
        { name: 'branch', defaultValue: 'main' },
        { name: 'mode', defaultValue: 'ok' },
      ],
    },
  );
}

async function code(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (e) {
    return isCodelocalError(e) ? e.code : String(e);
  }
  return 'no error';
}

describe('stage conditions (§12.5)', () => {
  it('§8.29 beforeEntry VariableCheck with SKIP: the deploy stage is Skipped, the execution goes on and succeeds', async () => {
    const p = project(withDeploy({ beforeEntry: branchCheck('SKIP') }));
    const f = fakes();
    const r = await run(p, f, { variables: { branch: 'feature' } });
    expect(r.execution.status).toBe('Succeeded');
    const deploy = r.execution.codelocal.stages.find((s) => s.name === 'Deploy')!;
    expect(deploy.status).toBe('Skipped');
    expect(deploy.conditions![0]).toMatchObject({ kind: 'beforeEntry', status: 'Failed', result: 'SKIP' });
    expect(f.calls.get('Ship')).toBeUndefined();
  });

  it('beforeEntry FAIL fails the stage and the execution; a holding check lets it in', async () => {
    const p = project(withDeploy({ beforeEntry: branchCheck('FAIL') }));
    const f = fakes();
    const failed = await run(p, f, { variables: { branch: 'feature' } });
    expect(failed.execution.status).toBe('Failed');
    expect(failed.execution.statusSummary).toContain("'feature' EQ 'main' does not hold");
    const ok = await run(p, f);
    expect(ok.execution.status).toBe('Succeeded');
    expect(f.calls.get('Ship')).toBe(1);
  });

  it('onSuccess with a failing rule and FAIL fails a stage whose actions succeeded', async () => {
    const p = project(withDeploy({ onSuccess: branchCheck('FAIL') }));
    const r = await run(p, fakes(), { variables: { branch: 'dev' } });
    expect(r.execution.status).toBe('Failed');
    expect(r.execution.codelocal.stages.find((s) => s.name === 'Deploy')!.status).toBe('Failed');
  });

  it('§8.24 onFailure RETRY retries once with FAILED_ACTIONS: a flaky action that fails once succeeds', async () => {
    const onFailure = { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } };
    const p = project(withDeploy({ onFailure }, 'flaky:1'));
    const f = fakes();
    const r = await run(p, f);
    expect(r.execution.status).toBe('Succeeded');
    expect(f.calls.get('Ship')).toBe(2);
    expect(r.execution.codelocal.stages.find((s) => s.name === 'Deploy')!.autoStageRetryAttempt).toBe(1);
  });

  it('§8.24 the automatic retry happens once: an action failing twice leaves the execution Failed', async () => {
    const onFailure = { result: 'RETRY', retryConfiguration: { retryMode: 'ALL_ACTIONS' } };
    const p = project(withDeploy({ onFailure }, 'flaky:2'));
    const f = fakes();
    const r = await run(p, f);
    expect(r.execution.status).toBe('Failed');
    expect(f.calls.get('Ship')).toBe(2);
  });
});

describe('rollback (§12.7)', () => {
  const rollbackPipeline = () => withDeploy({ onFailure: { result: 'ROLLBACK' } }, '#{variables.mode}');

  it('onFailure ROLLBACK: execution 2 fails in Deploy; a ROLLBACK execution re-runs Deploy with execution 1 variables', async () => {
    const p = project(rollbackPipeline());
    const f = fakes();
    const first = await run(p, f);
    expect(first.execution.status).toBe('Succeeded');
    const second = await run(p, f, { variables: { mode: 'fail' } });
    expect(second.execution.status).toBe('Failed');
    const store = openStore(p);
    try {
      const rollback = store.listPipelineExecutions({ pipeline: 'engine-test', limit: 10 })[0]!;
      expect(rollback.id).not.toBe(second.execution.pipelineExecutionId);
      expect(rollback.status).toBe('Succeeded');
      expect(rollback.trigger).toMatchObject({ triggerType: 'AutomatedRollback' });
      const result = rollback.result as {
        executionType: string;
        rollbackMetadata: unknown;
        stages: { name: string }[];
      };
      expect(result.executionType).toBe('ROLLBACK');
      expect(result.rollbackMetadata).toEqual({
        rollbackTargetPipelineExecutionId: first.execution.pipelineExecutionId,
      });
      // Only the rolled-back stage runs (§5.8 UNCERTAIN, chosen in docs/fidelity.md).
      expect(result.stages.map((s) => s.name)).toEqual(['Deploy']);
      const ship = store.listActionExecutions(rollback.id).find((a) => a.action === 'Ship')!;
      expect((ship.input as { resolvedConfiguration: { ProjectName: string } }).resolvedConfiguration.ProjectName).toBe(
        'ok',
      );
    } finally {
      store.close();
    }
  });

  it('manual rollback-stage: a ManualRollback execution; refuses the source stage and a target that failed there', async () => {
    const p = project(withDeploy({}, '#{variables.mode}'));
    const f = fakes();
    const good = await run(p, f);
    const bad = await run(p, f, { variables: { mode: 'fail' } });
    const base = { pipeline: 'engine-test', cwd: p.dir, stateDir: p.state, registry: f.registry, stopPollMs: 0 };
    const r = await rollbackStage({ ...base, stage: 'Deploy', targetExecutionId: good.execution.pipelineExecutionId });
    expect(r.execution).toMatchObject({ status: 'Succeeded', executionType: 'ROLLBACK' });
    expect(r.execution.trigger.triggerType).toBe('ManualRollback');
    expect(r.execution.rollbackMetadata?.rollbackTargetPipelineExecutionId).toBe(good.execution.pipelineExecutionId);
    const target =
      (id: string, stage = 'Deploy') =>
      () =>
        rollbackStage({ ...base, stage, targetExecutionId: id });
    expect(await code(target(bad.execution.pipelineExecutionId))).toBe('UNABLE_TO_ROLLBACK_STAGE');
    expect(await code(target(good.execution.pipelineExecutionId, 'Source'))).toBe('UNABLE_TO_ROLLBACK_STAGE');
    expect(await code(target(r.execution.pipelineExecutionId))).toBe('UNABLE_TO_ROLLBACK_STAGE');
  });
});

describe('rule types (§12.6)', () => {
  it('DeploymentWindow cron: minutes, hours, weekday names and time zones', () => {
    const mondayNoonUtc = new Date('2025-01-06T12:30:00Z');
    expect(inCronWindow('* * 9-17 ? * MON-FRI *', mondayNoonUtc)).toBe(true);
    expect(inCronWindow('* * 9-17 ? * SAT,SUN *', mondayNoonUtc)).toBe(false);
    expect(inCronWindow('* 0-29 12 ? * * *', mondayNoonUtc)).toBe(false);
    // 12:30 UTC is 21:30 in Tokyo: outside 9-17 there.
    expect(inCronWindow('* * 9-17 ? * * *', mondayNoonUtc, 'Asia/Tokyo')).toBe(false);
    expect(() => inCronWindow('* * * L * ?', mondayNoonUtc)).toThrow(/not supported/);
    expect(() => inCronWindow('* * *', mondayNoonUtc)).toThrow(/6 fields/);
  });

  it('CloudWatchAlarm: without a stand-in state the condition errs with CONDITION_RULE_NOT_EMULATED and says how to go on', async () => {
    const alarm = {
      conditions: [{ result: 'FAIL', rules: [rule('Alarm', 'CloudWatchAlarm', { AlarmName: 'api-5xx' })] }],
    };
    const p = project(withDeploy({ beforeEntry: alarm }));
    const r = await run(p, fakes());
    expect(r.execution.status).toBe('Failed');
    const c = r.execution.codelocal.stages.find((s) => s.name === 'Deploy')!.conditions![0]!;
    expect(c.status).toBe('Errored');
    expect(c.rules[0]).toMatchObject({ errorCode: 'CONDITION_RULE_NOT_EMULATED' });
    expect(c.rules[0]!.summary).toContain('CODELOCAL_ALARM_API_5XX=');
    process.env.CODELOCAL_ALARM_API_5XX = 'OK';
    try {
      expect((await run(p, fakes())).execution.status).toBe('Succeeded');
    } finally {
      delete process.env.CODELOCAL_ALARM_API_5XX;
    }
  });

  it('CodeBuild rule runs through the build provider and is recorded apart from the stage actions', async () => {
    const gate = { conditions: [{ rules: [{ ...rule('Smoke', 'CodeBuild', { ProjectName: 'fail' }) }] }] };
    const p = project(withDeploy({ beforeEntry: gate }));
    const f = fakes();
    const r = await run(p, f);
    expect(r.execution.status).toBe('Failed');
    expect(f.calls.get('Smoke')).toBe(1);
    expect(f.calls.get('Ship')).toBeUndefined();
    expect(r.execution.actionExecutionDetails.find((a) => a.actionName === 'Smoke')!.stageName).toBe(
      'Deploy:beforeEntry',
    );
  });

  it('LambdaInvoke rule calls the Lambda invoke provider with the resolved FunctionName; its failure fails the condition', async () => {
    const seen: string[] = [];
    const lambda = {
      types: [{ category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' }],
      async run(ctx: { configuration: Record<string, string> }) {
        seen.push(ctx.configuration.FunctionName!);
        return ctx.configuration.FunctionName === 'gate-open'
          ? { status: 'Succeeded' as const }
          : { status: 'Failed' as const, summary: 'gate closed' };
      },
    };
    const gate = (fn: string) => ({
      conditions: [{ result: 'FAIL', rules: [rule('Ask', 'LambdaInvoke', { FunctionName: fn })] }],
    });
    const closed = project(withDeploy({ beforeEntry: gate('gate-#{variables.mode}') }));
    const r = await run(closed, fakes([lambda]), { variables: { mode: 'closed' } });
    expect(r.execution.status).toBe('Failed');
    expect(r.execution.statusSummary).toContain('gate closed');
    const open = project(withDeploy({ beforeEntry: gate('gate-open') }));
    expect((await run(open, fakes([lambda]))).execution.status).toBe('Succeeded');
    expect(seen).toEqual(['gate-closed', 'gate-open']);
  });
});
