/** Manual approval (docs/aws/codepipeline.md §2.6, §5.10, §8.22) with an injectable clock. */
import { describe, expect, it } from 'vitest';
import { approvePipelineAction } from '../../../src/api/pipeline.js';
import { MANUAL, buildAction, fakeClock, fakes, openStore, pipelineOf, project, run } from './helpers.js';

const gated = (timeoutInMinutes?: number) =>
  pipelineOf([
    {
      name: 'Gate',
      actions: [
        {
          name: 'Approve',
          actionTypeId: MANUAL,
          configuration: { CustomData: 'ship it?' },
          ...(timeoutInMinutes ? { timeoutInMinutes } : {}),
        },
      ],
    },
    { name: 'Build', actions: [buildAction('B', 'ok')] },
  ]);

describe('pipeline engine: manual approval', () => {
  it('docs/aws/codepipeline.md §8.22: approved from another terminal → the stage continues; the token cannot be used twice', async () => {
    const p = project(gated());
    let id = '';
    const r = await run(p, fakes(), {
      approvalPollMs: 10,
      onStart: (executionId) => {
        id = executionId;
      },
      onEvent: (e) => {
        if (e.type === 'action' && e.action === 'Approve' && e.status === 'InProgress') {
          setTimeout(() => {
            expect(() =>
              approvePipelineAction({
                executionId: id,
                stage: 'Gate',
                action: 'Approve',
                status: 'Approved',
                token: 'not-the-token',
                cwd: p.dir,
                stateDir: p.state,
              }),
            ).toThrow(/InvalidApprovalTokenException/);
            approvePipelineAction({
              executionId: id,
              stage: 'Gate',
              action: 'Approve',
              status: 'Approved',
              summary: 'lgtm',
              cwd: p.dir,
              stateDir: p.state,
            });
          }, 30);
        }
      },
    });
    expect(r.execution.status).toBe('Succeeded');
    const a = r.execution.actionExecutionDetails.find((x) => x.actionName === 'Approve')!;
    expect(a.status).toBe('Succeeded');
    expect(a.output.executionResult.externalExecutionSummary).toBe('Approved: lgtm');
    expect(() =>
      approvePipelineAction({
        executionId: id,
        stage: 'Gate',
        action: 'Approve',
        status: 'Rejected',
        cwd: p.dir,
        stateDir: p.state,
      }),
    ).toThrow(/ApprovalAlreadyCompletedException/);
  });

  it('docs/aws/codepipeline.md §8.22: rejected → the action and the execution fail, later stages never run', async () => {
    const p = project(gated());
    const f = fakes();
    const r = await run(p, f, { approvals: { 'Gate.Approve': { status: 'Rejected', summary: 'not today' } } });
    expect(r.execution.status).toBe('Failed');
    const a = r.execution.actionExecutionDetails.find((x) => x.actionName === 'Approve')!;
    expect(a.status).toBe('Failed');
    expect(a.output.executionResult.externalExecutionSummary).toBe('Rejected: not today');
    expect(f.calls.get('B')).toBeUndefined();
  });

  it('docs/aws/codepipeline.md §8.22: --approve all and a y answer on the terminal approve', async () => {
    const p = project(gated());
    expect((await run(p, fakes(), { approvals: { '*': { status: 'Approved' } } })).execution.status).toBe('Succeeded');
    const asked: string[] = [];
    const r = await run(p, fakes(), {
      approvalPollMs: 10,
      prompt: async (q) => {
        asked.push(q);
        return true;
      },
    });
    expect(r.execution.status).toBe('Succeeded');
    expect(asked).toEqual(['Approve Gate.Approve? [y/n] ']);
  });

  it('docs/aws/codepipeline.md §8.22 / §5.10: nobody decides within timeoutInMinutes → Failed (virtual clock)', async () => {
    const p = project(gated(5));
    const clock = fakeClock();
    const r = await run(p, fakes(), { clock, approvalPollMs: 500 });
    expect(r.execution.status).toBe('Failed');
    const a = r.execution.actionExecutionDetails.find((x) => x.actionName === 'Approve')!;
    expect(a.output.executionResult.externalExecutionSummary).toMatch(/timed out.*5 minutes/);
    expect(Date.parse(a.lastUpdateTime) - Date.parse(a.startTime)).toBe(5 * 60_000);
    const store = openStore(p);
    expect(store.listApprovals({ executionId: r.execution.pipelineExecutionId })[0]!.status).toBe('Expired');
    store.close();
  });

  it('the default timeout is 7 days', async () => {
    const p = project(gated());
    const clock = fakeClock();
    const r = await run(p, fakes(), { clock, approvalPollMs: 3_600_000 });
    const a = r.execution.actionExecutionDetails.find((x) => x.actionName === 'Approve')!;
    expect(Date.parse(a.lastUpdateTime) - Date.parse(a.startTime)).toBe(7 * 24 * 3_600_000);
  });
});
