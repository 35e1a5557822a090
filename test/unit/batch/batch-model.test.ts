import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { parseBatch, type BatchSpec } from '../../../src/model/batch.js';

const F = 'buildspec.yml';
const lines = (...l: string[]) => l.join('\n') + '\n';
const withBatch = (...batch: string[]) =>
  lines('version: 0.2', 'batch:', ...batch.map((l) => `  ${l}`), 'phases:', '  build:', '    commands: [echo hi]');

function problems(text: string): string[] {
  try {
    parseBatch(text, F);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    const v = e as ValidationError;
    for (const p of v.problems) expect(p.code).toMatch(/^(BUILDSPEC|BATCH|YAML)_/);
    return v.problems.map((p) => p.describe());
  }
  throw new Error('expected the batch section to be rejected');
}

function parsed(text: string): BatchSpec {
  const spec = parseBatch(text, F);
  if (!spec) throw new Error('expected a batch section');
  return spec;
}

describe('batch section: kinds (docs/aws/codebuild.md §1.7)', () => {
  it('a buildspec without batch has no batch spec', () => {
    expect(parseBatch(lines('version: 0.2', 'phases:', '  build:', '    commands: [ls]'), F)).toBeUndefined();
  });

  it('docs/aws/codebuild.md §1.7: exactly one kind; a second one is reported where it is written', () => {
    const p = problems(withBatch('build-list:', '  - identifier: a', 'build-fanout:', '  parallelism: 2'));
    expect(p).toEqual([
      `${F}:5:3: 'batch' may hold only one of build-graph, build-list, build-matrix, build-fanout: found build-list and build-fanout`,
    ]);
  });

  it('docs/aws/codebuild.md §1.7: a batch without any kind is rejected', () => {
    expect(problems(withBatch('fast-fail: true'))).toEqual([
      `${F}:2:1: 'batch' needs one of build-graph, build-list, build-matrix, build-fanout`,
    ]);
  });

  it('unknown keys are ignored with a suggestion (as CodeBuild ignores them); fast-fail must be a boolean', () => {
    const spec = parsed(withBatch('fast_fail: yes', 'build-list:', '  - identifier: a'));
    expect(spec.fastFail).toBe(false);
    expect(spec.warnings.map((w) => `${w.pos.line}:${w.pos.column}: ${w.message}`)).toEqual([
      "3:3: unknown key 'fast_fail' in 'batch'; did you mean 'fast-fail'?",
    ]);
    expect(problems(withBatch('build-lists: []'))).toEqual([
      `${F}:2:1: 'batch' needs one of build-graph, build-list, build-matrix, build-fanout`,
    ]);
    expect(problems(withBatch('fast-fail: maybe', 'build-list:', '  - identifier: a'))[0]).toContain(
      `'batch.fast-fail' must be yes or no`,
    );
  });

  it('docs/aws/codebuild.md §1.7: fast-fail defaults to false', () => {
    expect(parsed(withBatch('build-list:', '  - identifier: a')).fastFail).toBe(false);
    expect(parsed(withBatch('fast-fail: true', 'build-list:', '  - identifier: a')).fastFail).toBe(true);
  });
});

describe('batch section: tasks of build-graph and build-list (docs/aws/codebuild.md §7.1)', () => {
  it('reads every task field, with ignore-failure defaulting to false', () => {
    const spec = parsed(
      withBatch(
        'build-graph:',
        '  - identifier: build1',
        '    env:',
        '      compute-type: BUILD_GENERAL1_LARGE',
        '      image: aws/codebuild/standard:7.0',
        '      privileged-mode: true',
        '      type: LINUX_CONTAINER',
        '      variables:',
        '        BUILD_ID: build1',
        '        VERSION: 3.10',
        '  - identifier: build2',
        '    buildspec: build2.yml',
        '    ignore-failure: true',
        '    depend-on:',
        '      - build1',
      ),
    );
    expect(spec.kind).toBe('build-graph');
    if (spec.kind !== 'build-graph') return;
    const [a, b] = spec.tasks;
    expect(a).toMatchObject({
      identifier: 'build1',
      ignoreFailure: false,
      env: {
        computeType: 'BUILD_GENERAL1_LARGE',
        image: 'aws/codebuild/standard:7.0',
        privilegedMode: true,
        type: 'LINUX_CONTAINER',
        // Values as written, as for env.variables of the buildspec itself.
        variables: { BUILD_ID: 'build1', VERSION: '3.10' },
      },
      pos: { file: F, line: 4, column: 19 },
    });
    expect(b).toMatchObject({ identifier: 'build2', buildspec: 'build2.yml', ignoreFailure: true });
    expect(b!.dependOn.map((d) => d.value)).toEqual(['build1']);
  });

  it('docs/aws/codebuild.md §7.1: identifier is required and only letters, digits and underscores', () => {
    const p = problems(
      withBatch('build-list:', '  - buildspec: a.yml', '  - identifier: my-build', "  - identifier: ''"),
    );
    expect(p).toEqual([
      `${F}:4:7: 'batch.build-list[0]' needs an identifier`,
      `${F}:5:19: invalid identifier 'my-build': use only letters, digits and underscores`,
      `${F}:6:19: 'batch.build-list[2]' needs an identifier`,
    ]);
  });

  it('identifiers are unique within the batch', () => {
    expect(problems(withBatch('build-list:', '  - identifier: a', '  - identifier: a'))).toEqual([
      `${F}:5:19: duplicate identifier 'a' in 'batch.build-list' (first at line 4)`,
    ]);
  });

  it('docs/aws/codebuild.md §7.1: depend-on belongs to build-graph only', () => {
    const p = problems(withBatch('build-list:', '  - identifier: a', '  - identifier: b', '    depend-on: [a]'));
    expect(p).toEqual([`${F}:6:7: 'depend-on' is only allowed in build-graph, found in 'batch.build-list[1]'`]);
  });

  it('docs/aws/codebuild.md §7.1: a depend-on naming no task is an error with a suggestion', () => {
    const p = problems(
      withBatch('build-graph:', '  - identifier: build_one', '  - identifier: b', '    depend-on: [build_on]'),
    );
    expect(p).toEqual([`${F}:6:19: 'b' depends on unknown task 'build_on'; did you mean 'build_one'?`]);
  });

  it('docs/aws/codebuild.md §7.1: a dependency cycle is an error naming the cycle (never a silent wait)', () => {
    const p = problems(
      withBatch(
        'build-graph:',
        '  - identifier: a',
        '    depend-on: [c]',
        '  - identifier: b',
        '    depend-on: [a]',
        '  - identifier: c',
        '    depend-on: [b]',
        '  - identifier: d',
        '    depend-on: [d]',
      ),
    );
    expect(p).toEqual([
      `${F}:7:19: build-graph has a dependency cycle: a -> c -> b -> a`,
      `${F}:11:19: build-graph has a dependency cycle: d -> d`,
    ]);
  });

  it('docs/aws/codebuild.md §7.1: compute-type and fleet are exclusive; fleet and debug-session warn that they are ignored', () => {
    const p = problems(
      withBatch('build-list:', '  - identifier: a', '    env:', '      compute-type: X', '      fleet: arn:fleet'),
    );
    expect(p).toEqual([`${F}:7:9: 'batch.build-list[0].env' may set compute-type or fleet, not both`]);
    const spec = parsed(
      withBatch('build-list:', '  - identifier: a', '    debug-session: true', '    env:', '      fleet: f'),
    );
    expect(spec.warnings.map((w) => w.message)).toEqual([
      'batch.build-list[0].debug-session: there are no Session Manager sessions locally; ignored',
      'batch.build-list[0].env.fleet: there are no reserved-capacity fleets locally; ignored',
    ]);
  });

  it('an empty task list is an error', () => {
    expect(problems(withBatch('build-list: []'))).toEqual([
      `${F}:3:15: 'batch.build-list' must be a list of tasks (each with an identifier), found an empty list`,
    ]);
  });
});

describe('batch section: build-matrix and build-fanout (docs/aws/codebuild.md §7.1)', () => {
  it('reads static and dynamic dimensions', () => {
    const spec = parsed(
      withBatch(
        'build-matrix:',
        '  static:',
        '    ignore-failure: true',
        '    env:',
        '      privileged-mode: true',
        '  dynamic:',
        '    buildspec: [matrix1.yml, matrix2.yml]',
        '    env:',
        '      image: [img1, img2]',
        '      compute-type: [SMALL]',
        '      variables:',
        '        MY_VAR: [VALUE1, VALUE2, VALUE3]',
      ),
    );
    expect(spec.kind).toBe('build-matrix');
    if (spec.kind !== 'build-matrix') return;
    expect(spec.matrix).toMatchObject({
      ignoreFailure: true,
      staticEnv: { privilegedMode: true },
      buildspecs: ['matrix1.yml', 'matrix2.yml'],
      images: ['img1', 'img2'],
      computeTypes: ['SMALL'],
      variables: [{ name: 'MY_VAR', values: ['VALUE1', 'VALUE2', 'VALUE3'] }],
    });
  });

  it('a matrix needs dynamic values, each dimension a non-empty list', () => {
    expect(problems(withBatch('build-matrix:', '  static:', '    ignore-failure: true'))).toEqual([
      `${F}:3:3: 'batch.build-matrix' needs a 'dynamic' section (the values to build every combination of)`,
    ]);
    const p = problems(
      withBatch('build-matrix:', '  dynamic:', '    buildspec: []', '    env:', '      variables:', '        V: one'),
    );
    // `V: one` is a list of one value (a string where a list is expected: docs/fidelity.md).
    expect(p).toEqual([`${F}:5:18: 'batch.build-matrix.dynamic.buildspec' must list at least one value`]);
  });

  it('docs/aws/codebuild.md §7.1: fanout reads parallelism and ignore-failure', () => {
    const spec = parsed(withBatch('build-fanout:', '  parallelism: 5', '  ignore-failure: true'));
    expect(spec.kind === 'build-fanout' && spec.fanout).toMatchObject({ parallelism: 5, ignoreFailure: true });
  });

  it('fanout parallelism must be a whole number from 1', () => {
    expect(problems(withBatch('build-fanout:', '  parallelism: 0'))).toEqual([
      `${F}:4:18: 'batch.build-fanout.parallelism' must be a whole number from 1 to 100, found 0`,
    ]);
    expect(problems(withBatch('build-fanout:', '  ignore-failure: false'))).toEqual([
      `${F}:3:3: 'batch.build-fanout' needs 'parallelism' (the number of builds)`,
    ]);
    expect(problems(withBatch('build-fanout:', '  parallelism: two'))[0]).toContain('found two');
  });
});
