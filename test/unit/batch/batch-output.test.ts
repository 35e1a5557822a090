import { describe, expect, it } from 'vitest';
import { prefixedSink } from '../../../src/engine/batch/prefixed-output.js';
import { assembleBatch, BatchPhaseRecord } from '../../../src/engine/batch/batch-result.js';
import type { Build } from '../../../src/engine/codebuild/build-types.js';
import { defaultProject } from '../../../src/model/project-types.js';
import type { BatchPlan } from '../../../src/plan/batch-plan.js';

describe('batch live output', () => {
  it("each complete line gets its member's [identifier] prefix; half lines wait for the rest", () => {
    let out = '';
    const s = prefixedSink('build1', (t) => (out += t));
    s.write('[Container] one\nhal');
    expect(out).toBe('[build1] [Container] one\n');
    s.write('f line\n\nlast');
    s.flush();
    expect(out).toBe('[build1] [Container] one\n[build1] half line\n[build1] \n[build1] last\n');
  });
});

describe('batch result: the BuildBatch shape', () => {
  it('buildGroups carry dependsOn, ignoreFailure and a summary only for members that ran', () => {
    const record = new BatchPhaseRecord();
    const t0 = new Date('2025-01-01T00:00:00Z');
    record.begin('SUBMITTED', t0);
    record.end('SUCCEEDED', undefined, t0);
    record.begin('IN_PROGRESS', t0);
    record.end('FAILED', undefined, new Date('2025-01-01T00:00:03Z'));
    record.begin('FAILED', new Date('2025-01-01T00:00:03Z'));
    const plan: BatchPlan = {
      kind: 'build-graph',
      fastFail: false,
      warnings: [],
      builds: [
        { identifier: 'A', label: '', variables: {}, dependsOn: [], ignoreFailure: false, debugSession: false },
        { identifier: 'B', label: '', variables: {}, dependsOn: ['A'], ignoreFailure: true, debugSession: false },
      ],
    };
    const build = {
      id: 'p:1',
      arn: 'arn:aws:codebuild:us-east-1:000000000000:build/p:1',
      buildStatus: 'FAILED',
      artifacts: { location: 'arn:aws:s3:::codelocal-artifacts/p/a.zip', artifactIdentifier: undefined },
      secondaryArtifacts: [{ location: 'arn:aws:s3:::b/x', artifactIdentifier: 'x' }],
    } as unknown as Build;
    const batch = assembleBatch({
      id: 'p:uuid',
      arn: 'arn:aws:codebuild:us-east-1:000000000000:build-batch/p:uuid',
      buildBatchNumber: 1,
      project: defaultProject('p'),
      image: 'aws/codebuild/standard:7.0',
      privileged: false,
      batchspec: 'buildspec.yml',
      plan,
      maxParallel: 2,
      run: {
        status: 'FAILED',
        builds: new Map([['A', build]]),
        members: [
          { identifier: 'A', label: '', status: 'FAILED', requestedOn: t0.toISOString(), buildId: 'p:1' },
          { identifier: 'B', label: '', status: 'NOT_STARTED', reason: 'dependency A ended FAILED' },
        ],
      },
      record,
      startTime: t0,
      endTime: new Date('2025-01-01T00:00:03Z'),
      initiator: 'codelocal',
      sourceLocation: '/src',
      warnings: [],
    });
    expect(batch.buildBatchStatus).toBe('FAILED');
    expect(batch.currentPhase).toBe('FAILED');
    expect(batch.phases.map((p) => [p.phaseType, p.phaseStatus, p.durationInSeconds])).toEqual([
      ['SUBMITTED', 'SUCCEEDED', 0],
      ['IN_PROGRESS', 'FAILED', 3],
      ['FAILED', undefined, undefined],
    ]);
    expect(batch.buildGroups).toEqual([
      {
        identifier: 'A',
        dependsOn: [],
        ignoreFailure: false,
        currentBuildSummary: {
          arn: build.arn,
          requestedOn: '2025-01-01T00:00:00.000Z',
          buildStatus: 'FAILED',
          primaryArtifact: { type: 'S3', location: 'arn:aws:s3:::codelocal-artifacts/p/a.zip', identifier: undefined },
          secondaryArtifacts: [{ type: 'S3', location: 'arn:aws:s3:::b/x', identifier: 'x' }],
        },
      },
      { identifier: 'B', dependsOn: ['A'], ignoreFailure: true, currentBuildSummary: undefined },
    ]);
    expect(batch.codelocal.builds.A).toBe(build);
  });
});
