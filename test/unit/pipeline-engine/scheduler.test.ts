/** Scheduling, failure and stop semantics of the engine with fake providers (docs/aws/codepipeline.md §5). */
import { describe, expect, it } from 'vitest';
import { StopController } from '../../../src/engine/pipeline/stop.js';
import { stopPipelineExecution } from '../../../src/api/pipeline.js';
import { buildAction, fakes, openStore, pipelineOf, project, run } from './helpers.js';

function actions(p: ReturnType<typeof project>, id: string) {
  const store = openStore(p);
  try {
    return store.listActionExecutions(id);
  } finally {
    store.close();
  }
}

describe('pipeline engine: scheduling', () => {
  it('docs/aws/codepipeline.md §8.5: runOrder 1,1,3 — the two runOrder-1 actions overlap, runOrder 3 starts after both end', async () => {
    const p = project(
      pipelineOf([
        {
          name: 'Build',
          actions: [
            buildAction('A', 'sleep:300'),
            buildAction('B', 'sleep:300'),
            buildAction('C', 'sleep:10', { runOrder: 3 }),
          ],
        },
      ]),
    );
    const r = await run(p, fakes());
    expect(r.execution.status).toBe('Succeeded');
    const rec = actions(p, r.execution.pipelineExecutionId);
    const [a, b, c] = ['A', 'B', 'C'].map((n) => rec.find((x) => x.action === n)!);
    expect(a!.startTime).toBeLessThan(b!.endTime!);
    expect(b!.startTime).toBeLessThan(a!.endTime!);
    expect(c!.startTime).toBeGreaterThanOrEqual(Math.max(a!.endTime!, b!.endTime!));
  });

  it('gaps in runOrder are fine and --max-parallel 1 serialises a group without changing the result', async () => {
    const p = project(
      pipelineOf([
        {
          name: 'Build',
          actions: [buildAction('A', 'sleep:100', { runOrder: 5 }), buildAction('B', 'sleep:100', { runOrder: 5 })],
        },
      ]),
    );
    const r = await run(p, fakes(), { maxParallel: 1 });
    expect(r.execution.status).toBe('Succeeded');
    const [a, b] = actions(p, r.execution.pipelineExecutionId).filter((x) => x.stage === 'Build');
    expect(b!.startTime).toBeGreaterThanOrEqual(a!.endTime!);
  });

  it('docs/aws/codepipeline.md §8.6: a failing action lets its running sibling finish, the next group never starts, stage and execution Failed', async () => {
    const p = project(
      pipelineOf([
        {
          name: 'Build',
          actions: [
            buildAction('FailFast', 'fail-after:20'),
            buildAction('Sleeper', 'sleep:400'),
            buildAction('X', 'ok', { runOrder: 2 }),
          ],
        },
        { name: 'Later', actions: [buildAction('L', 'ok')] },
      ]),
    );
    const f = fakes();
    const r = await run(p, f);
    expect(r.execution.status).toBe('Failed');
    const rec = actions(p, r.execution.pipelineExecutionId);
    const sleeper = rec.find((x) => x.action === 'Sleeper')!;
    expect(rec.find((x) => x.action === 'FailFast')!.status).toBe('Failed');
    expect(sleeper.status).toBe('Succeeded');
    expect(rec.some((x) => x.action === 'X')).toBe(false);
    expect(rec.some((x) => x.stage === 'Later')).toBe(false);
    expect(f.calls.get('X')).toBeUndefined();
    const stage = r.execution.codelocal.stages.find((s) => s.name === 'Build')!;
    expect(stage.status).toBe('Failed');
    expect(stage.endTime!).toBeGreaterThanOrEqual(sleeper.endTime!);
    expect(r.execution.statusSummary).toMatch(/Stage Build failed: action FailFast/);
  });
});

describe('pipeline engine: stop (docs/aws/codepipeline.md §5.4)', () => {
  const twoStages = () =>
    pipelineOf([
      { name: 'Build', actions: [buildAction('Long', 'sleep:600'), buildAction('Next', 'ok', { runOrder: 2 })] },
      { name: 'Later', actions: [buildAction('L', 'ok')] },
    ]);

  it('docs/aws/codepipeline.md §8.23: stop and wait — the running action finishes Succeeded, nothing new starts, Stopping → Stopped', async () => {
    const p = project(twoStages());
    const stop = new StopController();
    const statuses: string[] = [];
    const r = await run(p, fakes(), {
      stop,
      onEvent: (e) => {
        if (e.type === 'execution') statuses.push(e.status);
        if (e.type === 'action' && e.action === 'Long' && e.status === 'InProgress')
          setTimeout(() => stop.request(false, 'x'), 50);
      },
    });
    expect(r.execution.status).toBe('Stopped');
    expect(statuses).toEqual(['InProgress', 'Stopping', 'Stopped']);
    const rec = actions(p, r.execution.pipelineExecutionId);
    expect(rec.map((a) => `${a.action}:${a.status}`)).toEqual(['Src:Succeeded', 'Long:Succeeded']);
    expect(() => stop.request(false, r.execution.pipelineExecutionId)).toThrow(/DuplicatedStopRequestException/);
  });

  it('docs/aws/codepipeline.md §8.23: stop and abandon — the running action is killed and ends Abandoned, execution Stopped', async () => {
    const p = project(twoStages());
    const stop = new StopController();
    const started = Date.now();
    const r = await run(p, fakes(), {
      stop,
      onEvent: (e) => {
        if (e.type === 'action' && e.action === 'Long' && e.status === 'InProgress') {
          setTimeout(() => {
            stop.request(false);
            stop.request(true); // abandon is accepted while Stopping
          }, 50);
        }
      },
    });
    expect(Date.now() - started).toBeLessThan(550);
    expect(r.execution.status).toBe('Stopped');
    const long = actions(p, r.execution.pipelineExecutionId).find((a) => a.action === 'Long')!;
    expect(long.status).toBe('Abandoned');
  });

  it('docs/aws/codepipeline.md §8.23: codelocal pipeline stop from another process is picked up by the running one', async () => {
    const p = project(twoStages());
    const r = await run(p, fakes(), {
      stopPollMs: 20,
      onEvent: (e) => {
        if (e.type === 'action' && e.action === 'Long' && e.status === 'InProgress') {
          setTimeout(() => {
            const id = openStore(p).listPipelineExecutions()[0]!.id;
            stopPipelineExecution({ executionId: id, cwd: p.dir, stateDir: p.state });
            expect(() => stopPipelineExecution({ executionId: id, cwd: p.dir, stateDir: p.state })).toThrow(
              /DuplicatedStopRequestException/,
            );
          }, 50);
        }
      },
    });
    expect(r.execution.status).toBe('Stopped');
    expect(actions(p, r.execution.pipelineExecutionId).find((a) => a.action === 'Long')!.status).toBe('Succeeded');
  });
});
