/**
 * Execution modes with executions racing through one state folder (docs/aws/codepipeline.md
 * §12.1–§12.3): SUPERSEDED locks each stage and lets a more recent execution overtake one waiting
 * at a boundary; QUEUED locks and keeps the order; PARALLEL locks nothing. The gate decisions live
 * in the history database, so the same rules hold between two processes (test/docker covers that).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { StageGateStore } from '../../../src/stores/stage-gates.js';
import { buildAction, fakes, openStore, pipelineOf, project, run, type Project } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the shared gate state until `ready` holds (no fixed sleeps: a loaded machine is slow). */
async function until(p: Project, ready: (g: StageGateStore) => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const gates = StageGateStore.open(join(p.state, 'executions.db'));
    try {
      if (ready(gates)) return;
    } finally {
      gates.close();
    }
    await sleep(10);
  }
  throw new Error('the executions never reached the expected places');
}

/** Waits until `n` Slow actions run at once. */
async function untilSlowRunning(p: Project, n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const store = openStore(p);
    try {
      const running = store
        .listPipelineExecutions({ limit: 10 })
        .flatMap((e) => store.listActionExecutions(e.id))
        .filter((a) => a.action === 'Slow' && a.status === 'InProgress');
      if (running.length >= n) return;
    } finally {
      store.close();
    }
    await sleep(10);
  }
  throw new Error(`never ${n} Slow actions at once`);
}

function buildOf(p: Project, id: string) {
  const store = openStore(p);
  try {
    return store.listActionExecutions(id).find((a) => a.stage === 'Build')!;
  } finally {
    store.close();
  }
}

function pipeline(mode?: string) {
  return pipelineOf(
    [
      { name: 'Build', actions: [buildAction('Slow', 'sleep:1200')] },
      { name: 'Deploy', actions: [buildAction('Quick', 'ok')] },
    ],
    { ...(mode ? { executionMode: mode, pipelineType: 'V2' } : {}) },
  );
}

/** Starts three executions: the first, then two more while the first holds stage Build. */
async function race(mode?: string) {
  const p = project(pipeline(mode));
  const f = fakes();
  const first = run(p, f, { gatePollMs: 20 });
  await untilSlowRunning(p, 1);
  const second = run(p, f, { gatePollMs: 20 });
  // PARALLEL has no locks: the second goes straight into Build; otherwise it waits in front.
  if (mode === 'PARALLEL') await untilSlowRunning(p, 2);
  else await until(p, (g) => g.waiting('engine-test', 'Build').length === 1);
  const third = run(p, f, { gatePollMs: 20 });
  const results = await Promise.all([first, second, third]);
  return { p, views: results.map((r) => r.execution) };
}

describe('execution modes (§12)', () => {
  it('§12.1 SUPERSEDED: the middle execution waiting in front of Build is overtaken and ends Superseded', async () => {
    const { p, views } = await race();
    expect(views.map((v) => v.status)).toEqual(['Succeeded', 'Superseded', 'Succeeded']);
    expect(views[1]!.statusSummary).toContain(views[2]!.pipelineExecutionId);
    expect(views[1]!.statusSummary).toContain('Build');
    expect(views[1]!.actionExecutionDetails.some((a) => a.stageName === 'Build')).toBe(false);
    const [a, c] = [buildOf(p, views[0]!.pipelineExecutionId), buildOf(p, views[2]!.pipelineExecutionId)];
    // One execution per stage: the third enters Build only after the first left it.
    expect(c.startTime).toBeGreaterThanOrEqual(a.endTime!);
    expect(views.every((v) => v.executionMode === 'SUPERSEDED')).toBe(true);
  }, 20_000);

  it('§12.2 QUEUED: all three run, one at a time in Build, in the order they started', async () => {
    const { p, views } = await race('QUEUED');
    expect(views.map((v) => v.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    const builds = views.map((v) => buildOf(p, v.pipelineExecutionId));
    expect(builds[1]!.startTime).toBeGreaterThanOrEqual(builds[0]!.endTime!);
    expect(builds[2]!.startTime).toBeGreaterThanOrEqual(builds[1]!.endTime!);
  }, 20_000);

  it('§12.3 PARALLEL: the executions run Build at the same time', async () => {
    const { p, views } = await race('PARALLEL');
    expect(views.map((v) => v.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    const builds = views.map((v) => buildOf(p, v.pipelineExecutionId));
    expect(builds[1]!.startTime).toBeLessThan(builds[0]!.endTime!);
    expect(builds[2]!.startTime).toBeLessThan(builds[1]!.endTime!);
  }, 20_000);

  it('§12.1 a failure releases the lock: the next execution enters the failed stage', async () => {
    const p = project(
      pipelineOf([{ name: 'Build', actions: [buildAction('Slow', 'fail-after:400')] }], {
        executionMode: 'QUEUED',
        pipelineType: 'V2',
      }),
    );
    const f = fakes();
    const first = run(p, f, { gatePollMs: 20 });
    await sleep(150);
    const second = run(p, f, { gatePollMs: 20 });
    const [a, b] = await Promise.all([first, second]);
    expect([a.execution.status, b.execution.status]).toEqual(['Failed', 'Failed']);
    expect(f.calls.get('Slow')).toBe(2);
  }, 20_000);
});
