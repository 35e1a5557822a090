import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../../src/model/batch.js';
import { planBatch } from '../../../src/plan/batch-plan.js';

const lines = (...l: string[]) => l.join('\n') + '\n';
const plan = (...batch: string[]) => {
  const text = lines(
    'version: 0.2',
    'batch:',
    ...batch.map((l) => `  ${l}`),
    'phases:',
    '  build:',
    '    commands: [ls]',
  );
  const spec = parseBatch(text, 'buildspec.yml');
  if (!spec) throw new Error('no batch');
  return planBatch(spec);
};

describe('batch plan: expansion (docs/aws/codebuild.md §7.1)', () => {
  it('docs/aws/codebuild.md §7.1: a matrix of 2 buildspecs x 3 values of MY_VAR is 6 builds, the cartesian product', () => {
    const p = plan(
      'build-matrix:',
      '  static:',
      '    ignore-failure: true',
      '    env:',
      '      image: static-image',
      '      privileged-mode: true',
      '  dynamic:',
      '    buildspec: [matrix1.yml, matrix2.yml]',
      '    env:',
      '      variables:',
      '        MY_VAR: [VALUE1, VALUE2, VALUE3]',
    );
    expect(p.kind).toBe('build-matrix');
    expect(p.builds).toHaveLength(6);
    // Identifiers build1..build6 in expansion order: buildspec varies slowest, the variable fastest.
    expect(p.builds.map((b) => [b.identifier, b.buildspec, b.variables.MY_VAR])).toEqual([
      ['build1', 'matrix1.yml', 'VALUE1'],
      ['build2', 'matrix1.yml', 'VALUE2'],
      ['build3', 'matrix1.yml', 'VALUE3'],
      ['build4', 'matrix2.yml', 'VALUE1'],
      ['build5', 'matrix2.yml', 'VALUE2'],
      ['build6', 'matrix2.yml', 'VALUE3'],
    ]);
    expect(p.builds[4]).toMatchObject({
      label: 'buildspec=matrix2.yml MY_VAR=VALUE2',
      image: 'static-image',
      privilegedMode: true,
      ignoreFailure: true,
      dependsOn: [],
    });
  });

  it('every dynamic dimension multiplies; a dynamic value wins over the same static setting', () => {
    const p = plan(
      'build-matrix:',
      '  static:',
      '    env:',
      '      image: static-image',
      '      variables: { FIXED: x, A: static }',
      '  dynamic:',
      '    env:',
      '      image: [i1, i2]',
      '      compute-type: [SMALL, LARGE]',
      '      variables:',
      '        A: [1, 2]',
      '        B: [p, q]',
    );
    expect(p.builds).toHaveLength(16);
    expect(new Set(p.builds.map((b) => b.identifier)).size).toBe(16);
    expect(p.builds[0]).toMatchObject({ image: 'i1', computeType: 'SMALL', variables: { FIXED: 'x', A: '1', B: 'p' } });
    expect(p.builds[15]).toMatchObject({
      image: 'i2',
      computeType: 'LARGE',
      variables: { FIXED: 'x', A: '2', B: 'q' },
    });
    expect(p.builds[15]!.label).toBe('image=i2 compute-type=LARGE A=2 B=q');
  });

  it('docs/aws/codebuild.md §7.1: fanout is N identical builds build1..buildN', () => {
    const p = plan('fast-fail: true', 'build-fanout:', '  parallelism: 3', '  ignore-failure: true');
    expect(p.fastFail).toBe(true);
    expect(p.builds.map((b) => b.identifier)).toEqual(['build1', 'build2', 'build3']);
    expect(p.builds.every((b) => b.ignoreFailure && b.buildspec === undefined && b.dependsOn.length === 0)).toBe(true);
    expect(p.builds[2]!.label).toBe('shard 3 of 3');
  });

  it('graph and list tasks keep their identifiers, settings and dependencies', () => {
    const p = plan(
      'build-graph:',
      '  - identifier: A',
      '    env: { image: img, compute-type: LARGE, type: ARM_CONTAINER, variables: { K: v } }',
      '  - identifier: B',
      '    buildspec: b.yml',
      '    ignore-failure: yes',
      '    depend-on: [A]',
    );
    expect(p.builds).toEqual([
      {
        identifier: 'A',
        label: '',
        buildspec: undefined,
        image: 'img',
        computeType: 'LARGE',
        environmentType: 'ARM_CONTAINER',
        privilegedMode: undefined,
        variables: { K: 'v' },
        dependsOn: [],
        ignoreFailure: false,
        debugSession: false,
      },
      expect.objectContaining({ identifier: 'B', buildspec: 'b.yml', dependsOn: ['A'], ignoreFailure: true }),
    ]);
  });
});
