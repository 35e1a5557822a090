/**
 * The batch scheduler with fake member builds: each fake ends after a few milliseconds with the status
 * the test gives it, or ends STOPPED as soon as its signal aborts (as a real build does).
 */
import { describe, expect, it } from 'vitest';
import type { Build, StatusType } from '../../../src/engine/codebuild/build-types.js';
import { runBatchPlan } from '../../../src/engine/batch/batch-runner.js';
import type { BatchPlan, PlannedBatchBuild } from '../../../src/plan/batch-plan.js';

type Fake = { status: StatusType; ms?: number };

function planned(identifier: string, extra: Partial<PlannedBatchBuild> = {}): PlannedBatchBuild {
  return { identifier, label: '', variables: {}, dependsOn: [], ignoreFailure: false, debugSession: false, ...extra };
}

function batchPlan(builds: PlannedBatchBuild[], extra: Partial<BatchPlan> = {}): BatchPlan {
  return { kind: 'build-graph', fastFail: false, builds, warnings: [], ...extra };
}

function fakeBuild(id: string, status: StatusType): Build {
  return { id: `p:${id}`, buildStatus: status } as unknown as Build;
}

/** Runs the plan with fakes; returns the result, the start order and the most members seen at once. */
async function run(
  plan: BatchPlan,
  fakes: Record<string, Fake>,
  options: { maxParallel?: number; signal?: AbortSignal } = {},
) {
  const started: string[] = [];
  let active = 0;
  let peak = 0;
  const result = await runBatchPlan({
    plan,
    maxParallel: options.maxParallel ?? 10,
    signal: options.signal,
    runMember: (b, signal) =>
      new Promise<Build>((resolve) => {
        started.push(b.identifier);
        peak = Math.max(peak, ++active);
        const fake = fakes[b.identifier] ?? { status: 'SUCCEEDED' };
        const end = (status: StatusType) => {
          active--;
          clearTimeout(timer);
          resolve(fakeBuild(b.identifier, status));
        };
        const timer = setTimeout(() => end(fake.status), fake.ms ?? 5);
        signal.addEventListener('abort', () => end('STOPPED'), { once: true });
      }),
  });
  const status = (id: string) => result.members.find((m) => m.identifier === id)!;
  return { result, started, peak, status };
}

describe('batch runner: build-graph (docs/aws/codebuild.md §8.25)', () => {
  it('docs/aws/codebuild.md §8.25: A→B→C with B failing (ignore-failure false): C never starts, batch FAILED', async () => {
    const plan = batchPlan([planned('A'), planned('B', { dependsOn: ['A'] }), planned('C', { dependsOn: ['B'] })]);
    const { result, started, status } = await run(plan, { B: { status: 'FAILED' } });
    expect(started).toEqual(['A', 'B']);
    expect(status('C')).toMatchObject({ status: 'NOT_STARTED', reason: 'dependency B ended FAILED' });
    expect(result.status).toBe('FAILED');
  });

  it('a task starts only after all of its depend-on tasks succeeded', async () => {
    const plan = batchPlan([planned('A'), planned('B'), planned('C', { dependsOn: ['A', 'B'] })]);
    const { started, result } = await run(plan, {
      A: { status: 'SUCCEEDED', ms: 30 },
      B: { status: 'SUCCEEDED', ms: 5 },
    });
    expect(started).toEqual(['A', 'B', 'C']);
    expect(result.status).toBe('SUCCEEDED');
  });

  it('a failure blocks its dependents (transitively) but independent tasks still run when fast-fail is off', async () => {
    const plan = batchPlan([
      planned('A'),
      planned('B', { dependsOn: ['A'] }),
      planned('C', { dependsOn: ['B'] }),
      planned('D', { dependsOn: [] }),
    ]);
    const { status, result } = await run(plan, { A: { status: 'FAILED' }, D: { status: 'SUCCEEDED', ms: 30 } });
    expect(status('B').status).toBe('NOT_STARTED');
    expect(status('C')).toMatchObject({ status: 'NOT_STARTED', reason: 'dependency B ended NOT_STARTED' });
    expect(status('D').status).toBe('SUCCEEDED');
    expect(result.status).toBe('FAILED');
  });

  it('a dependency whose failure is ignored (ignore-failure true) lets its dependents start (UNCERTAIN)', async () => {
    const plan = batchPlan([planned('A', { ignoreFailure: true }), planned('B', { dependsOn: ['A'] })]);
    const { started, result } = await run(plan, { A: { status: 'FAILED' } });
    expect(started).toEqual(['A', 'B']);
    expect(result.status).toBe('SUCCEEDED');
  });
});

describe('batch runner: fast-fail, ignore-failure, parallelism', () => {
  it('docs/aws/codebuild.md §1.7: fast-fail true stops running siblings (STOPPED) and starts nothing more', async () => {
    const plan = batchPlan([planned('fail'), planned('slow'), planned('queued')], {
      kind: 'build-list',
      fastFail: true,
    });
    const t0 = Date.now();
    const { status, result } = await run(
      plan,
      { fail: { status: 'FAILED', ms: 5 }, slow: { status: 'SUCCEEDED', ms: 5_000 } },
      { maxParallel: 2 },
    );
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(status('fail').status).toBe('FAILED');
    expect(status('slow')).toMatchObject({ status: 'STOPPED', reason: 'fast-fail: fail ended FAILED' });
    expect(status('queued')).toMatchObject({ status: 'NOT_STARTED', reason: 'fast-fail: fail ended FAILED' });
    expect(result.status).toBe('FAILED');
  });

  it('docs/aws/codebuild.md §1.7: fast-fail false lets running siblings finish', async () => {
    const plan = batchPlan([planned('fail'), planned('slow')], { kind: 'build-list' });
    const { status, result } = await run(plan, { fail: { status: 'FAILED' }, slow: { status: 'SUCCEEDED', ms: 40 } });
    expect(status('slow').status).toBe('SUCCEEDED');
    expect(result.status).toBe('FAILED');
  });

  it('docs/aws/codebuild.md §7.1: ignore-failure true: the failure neither fails the batch nor triggers fast-fail', async () => {
    const plan = batchPlan([planned('flaky', { ignoreFailure: true }), planned('main')], {
      kind: 'build-list',
      fastFail: true,
    });
    const { status, result } = await run(plan, { flaky: { status: 'FAILED' }, main: { status: 'SUCCEEDED', ms: 30 } });
    expect(status('main').status).toBe('SUCCEEDED');
    expect(result.status).toBe('SUCCEEDED');
  });

  it('never runs more than maxParallel members at once', async () => {
    const plan = batchPlan(
      ['a', 'b', 'c', 'd', 'e'].map((id) => planned(id)),
      { kind: 'build-list' },
    );
    const { peak, started, result } = await run(plan, {}, { maxParallel: 2 });
    expect(peak).toBe(2);
    expect(started).toHaveLength(5);
    expect(result.status).toBe('SUCCEEDED');
  });

  it('stopping the batch stops its members; the batch ends STOPPED', async () => {
    const controller = new AbortController();
    const plan = batchPlan([planned('a'), planned('b', { dependsOn: ['a'] })]);
    setTimeout(() => controller.abort(), 10);
    const { status, result } = await run(
      plan,
      { a: { status: 'SUCCEEDED', ms: 5_000 } },
      { signal: controller.signal },
    );
    expect(status('a').status).toBe('STOPPED');
    expect(status('b')).toMatchObject({ status: 'NOT_STARTED', reason: 'the batch was stopped' });
    expect(result.status).toBe('STOPPED');
  });

  it('a member that cannot run at all ends FAULT with the reason, and the others go on', async () => {
    const plan = batchPlan([planned('a'), planned('b')], { kind: 'build-list' });
    const result = await runBatchPlan({
      plan,
      maxParallel: 2,
      runMember: async (b) => {
        if (b.identifier === 'a') throw new Error('image gone');
        return fakeBuild(b.identifier, 'SUCCEEDED');
      },
    });
    expect(result.members).toEqual([
      expect.objectContaining({ identifier: 'a', status: 'FAULT', reason: 'image gone' }),
      expect.objectContaining({ identifier: 'b', status: 'SUCCEEDED', buildId: 'p:b' }),
    ]);
    expect(result.status).toBe('FAILED');
  });
});
