/**
 * Batch builds against the real engine and the runner image (docs/aws/codebuild.md §7.1, §8.25).
 * Members are tiny builds (an echo, a false, a sleep) so the whole file stays within seconds of work.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBatchBuild, type RunBatchOptions } from '../../../src/api/batch.js';
import type { BuildBatch } from '../../../src/engine/batch/batch-types.js';
import { describeDocker, getRuntime } from '../helpers.js';
import { ROLE_NETWORK_HOLDER } from '../../../src/local-aws/network-holders.js';
import { LABEL_ROLE, type ContainerSpec } from '../../../src/runtime/types.js';

const RUNNER_IMAGE = 'codelocal/standard:latest';
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Writes `files` into a fresh source folder and runs its batch; returns the result and the live log. */
async function runBatch(files: Record<string, string>, options: Partial<RunBatchOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-batch-src-'));
  const state = mkdtempSync(join(tmpdir(), 'codelocal-batch-state-'));
  made.push(dir, state);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  let log = '';
  const batch = await runBatchBuild({
    sourceDir: dir,
    stateDir: state,
    image: RUNNER_IMAGE,
    runtime: await getRuntime(),
    ...options,
    output: (t) => {
      log += t;
    },
  });
  return { batch, log };
}

const lines = (...l: string[]) => l.join('\n') + '\n';
/** A buildspec whose build phase runs `$STEP` (set per task), so one file serves every member. */
const stepSpec = (...batch: string[]) =>
  lines(
    'version: 0.2',
    'batch:',
    ...batch.map((l) => `  ${l}`),
    'phases:',
    '  build:',
    '    commands:',
    '      - sh -c "$STEP"',
  );
const member = (batch: BuildBatch, id: string) => batch.codelocal.members.find((m) => m.identifier === id)!;

describeDocker('batch builds (docs/aws/codebuild.md §7.1)', () => {
  it('docs/aws/codebuild.md §8.25: graph A→B→C where B fails (ignore-failure false): C never starts, batch FAILED', async () => {
    const { batch, log } = await runBatch({
      'buildspec.yml': stepSpec(
        'build-graph:',
        '  - identifier: A',
        '    env: { variables: { STEP: "echo step-A" } }',
        '  - identifier: B',
        '    env: { variables: { STEP: "exit 3" } }',
        '    depend-on: [A]',
        '  - identifier: C',
        '    env: { variables: { STEP: "echo step-C" } }',
        '    depend-on: [B]',
      ),
    });
    expect(batch.buildBatchStatus).toBe('FAILED');
    expect(batch.codelocal.members.map((m) => [m.identifier, m.status])).toEqual([
      ['A', 'SUCCEEDED'],
      ['B', 'FAILED'],
      ['C', 'NOT_STARTED'],
    ]);
    expect(batch.codelocal.builds.C).toBeUndefined();
    expect(batch.buildGroups.find((g) => g.identifier === 'C')).toEqual({
      identifier: 'C',
      dependsOn: ['B'],
      ignoreFailure: false,
      currentBuildSummary: undefined,
    });
    // B began only after A ended.
    const a = batch.codelocal.builds.A!;
    expect(Date.parse(batch.codelocal.builds.B!.startTime)).toBeGreaterThanOrEqual(Date.parse(a.endTime!));
    expect(log).toMatch(/^\[A\] step-A$/m);
    expect(log).not.toContain('step-C');
    expect(log).toContain('[batch] C not started: dependency B ended FAILED');
    expect(batch.phases.map((p) => [p.phaseType, p.phaseStatus])).toEqual([
      ['SUBMITTED', 'SUCCEEDED'],
      ['DOWNLOAD_BATCHSPEC', 'SUCCEEDED'],
      ['IN_PROGRESS', 'FAILED'],
      ['COMBINE_ARTIFACTS', 'SUCCEEDED'],
      ['FAILED', undefined],
    ]);
  });

  it('docs/aws/codebuild.md §1.7: fast-fail true in a build-list stops a running sibling (sleep 30) quickly, STOPPED', async () => {
    const started = Date.now();
    const { batch } = await runBatch({
      'buildspec.yml': stepSpec(
        'fast-fail: true',
        'build-list:',
        '  - identifier: failing',
        '    env: { variables: { STEP: "sleep 2; exit 1" } }',
        '  - identifier: sleeper',
        '    env: { variables: { STEP: "sleep 30" } }',
      ),
    });
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(member(batch, 'failing').status).toBe('FAILED');
    expect(member(batch, 'sleeper')).toMatchObject({ status: 'STOPPED', reason: 'fast-fail: failing ended FAILED' });
    expect(batch.codelocal.builds.sleeper!.buildStatus).toBe('STOPPED');
    expect(batch.buildBatchStatus).toBe('FAILED');
  });

  it('docs/aws/codebuild.md §1.7: fast-fail false lets a running sibling finish', async () => {
    const { batch } = await runBatch({
      'buildspec.yml': stepSpec(
        'build-list:',
        '  - identifier: failing',
        '    env: { variables: { STEP: "exit 1" } }',
        '  - identifier: finisher',
        '    env: { variables: { STEP: "sleep 3; echo finished" } }',
      ),
    });
    expect(member(batch, 'finisher').status).toBe('SUCCEEDED');
    expect(batch.buildBatchStatus).toBe('FAILED');
  });

  it('docs/aws/codebuild.md §7.1: ignore-failure true: the failing task does not fail the batch (SUCCEEDED)', async () => {
    const { batch, log } = await runBatch({
      'buildspec.yml': stepSpec(
        'build-list:',
        '  - identifier: flaky',
        '    ignore-failure: true',
        '    env: { variables: { STEP: "exit 1" } }',
        '  - identifier: solid',
        '    env: { variables: { STEP: "true" } }',
      ),
    });
    expect(member(batch, 'flaky').status).toBe('FAILED');
    expect(batch.buildGroups.find((g) => g.identifier === 'flaky')!.ignoreFailure).toBe(true);
    expect(batch.buildBatchStatus).toBe('SUCCEEDED');
    expect(log).toContain('[batch] flaky FAILED (ignore-failure: the batch does not fail for it)');
  });

  it('docs/aws/codebuild.md §7.1: each member sees its own CODEBUILD_BATCH_BUILD_IDENTIFIER (matrix values and buildspecs too)', async () => {
    const { batch, log } = await runBatch(
      {
        'buildspec.yml': lines(
          'version: 0.2',
          'batch:',
          '  build-matrix:',
          '    dynamic:',
          '      buildspec: [one.yml, two.yml]',
          '      env:',
          '        variables:',
          '          MY_VAR: [x, y]',
          'phases:',
          '  build:',
          '    commands: [echo never]',
        ),
        'one.yml': lines(
          'version: 0.2',
          'phases:',
          '  build:',
          '    commands:',
          '      - echo "one id=$CODEBUILD_BATCH_BUILD_IDENTIFIER var=$MY_VAR"',
        ),
        'two.yml': lines(
          'version: 0.2',
          'phases:',
          '  build:',
          '    commands:',
          '      - echo "two id=$CODEBUILD_BATCH_BUILD_IDENTIFIER var=$MY_VAR"',
        ),
      },
      { maxParallel: 2 },
    );
    expect(batch.buildBatchStatus).toBe('SUCCEEDED');
    expect(batch.buildGroups.map((g) => g.identifier)).toEqual(['build1', 'build2', 'build3', 'build4']);
    expect(log).toMatch(/^\[build1\] one id=build1 var=x$/m);
    expect(log).toMatch(/^\[build2\] one id=build2 var=y$/m);
    expect(log).toMatch(/^\[build3\] two id=build3 var=x$/m);
    expect(log).toMatch(/^\[build4\] two id=build4 var=y$/m);
    expect(log).not.toContain('never');
    // Every member is an ordinary build of the project, with its own id and summary.
    const ids = new Set(Object.values(batch.codelocal.builds).map((b) => b.id));
    expect(ids.size).toBe(4);
    expect(batch.id).toMatch(/^codelocal-batch-src-\w+:[0-9a-f-]{36}$/);
    // Same account and region as the members' build ARNs, with CodeBuild's build-batch resource type.
    const memberArn = batch.codelocal.builds.build1!.arn;
    expect(batch.arn).toBe(`${memberArn.slice(0, memberArn.indexOf(':build/'))}:build-batch/${batch.id}`);
    for (const g of batch.buildGroups) expect(g.currentBuildSummary?.buildStatus).toBe('SUCCEEDED');
  });

  it('docs/aws/codebuild.md §7.1: fanout runs N identical builds, each with its identifier', async () => {
    const { batch, log } = await runBatch({
      'buildspec.yml': lines(
        'version: 0.2',
        'batch:',
        '  build-fanout:',
        '    parallelism: 2',
        'phases:',
        '  build:',
        '    commands: [echo "shard=$CODEBUILD_BATCH_BUILD_IDENTIFIER"]',
      ),
    });
    expect(batch.buildBatchStatus).toBe('SUCCEEDED');
    expect(log).toMatch(/^\[build1\] shard=build1$/m);
    expect(log).toMatch(/^\[build2\] shard=build2$/m);
  });

  // docs/local-aws.md, "Network namespaces of a pipeline run": members start in holders' namespaces; a batch of one
  // build has none to lend to, so it starts no holder.
  it('a holder starts for a batch of two builds, none for a batch of one', async () => {
    const roles = async (...tasks: string[][]) => {
      const base = await getRuntime();
      const made: string[] = [];
      const recording = new Proxy(base, {
        get(target, prop, receiver) {
          if (prop === 'createContainer')
            return async (spec: ContainerSpec) => {
              made.push(spec.labels?.[LABEL_ROLE] ?? '');
              return target.createContainer(spec);
            };
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const { batch } = await runBatch(
        { 'buildspec.yml': stepSpec('build-list:', ...tasks.flat()) },
        { runtime: recording, maxParallel: 1 },
      );
      expect(batch.buildBatchStatus).toBe('SUCCEEDED');
      return made;
    };
    const one = ['  - identifier: one', '    env: { variables: { STEP: "echo one" } }'];
    const two = ['  - identifier: two', '    env: { variables: { STEP: "echo two" } }'];
    expect(await roles(one)).toEqual(['build']);
    expect((await roles(one, two)).sort()).toEqual(['build', 'build', ROLE_NETWORK_HOLDER]);
  });
});
