/**
 * docker-without-privileged and ecr-get-login against what really runs the buildspec: the batch
 * section's own env (docs/aws/codebuild.md §7.1: a task's env overrides the project's) and the retired
 * aws/codebuild/docker:* images (§6, "Retired": AWS CLI v1, their own dockerd), for which retired-image
 * is the one finding (docs/lint.md).
 */
import { describe, expect, it } from 'vitest';
import { lintBuildspec } from '../../../src/lint/lint-buildspec.js';
import { defaultProject } from '../../../src/model/project-types.js';
import type { Finding, ProjectLink } from '../../../src/lint/types.js';

const link = (image: string, privilegedMode = false): ProjectLink => {
  const project = defaultProject('app-build', image);
  project.environment.privilegedMode = privilegedMode;
  return { project, where: 'infra/template.yaml#AppBuild', pipelineVariables: [] };
};
const ids = (f: Finding[]) => f.map((x) => `${x.ruleId}:${x.severity}`);
const phases = 'phases:\n  build:\n    commands:\n      - docker build -t app .\n';

describe('docker-without-privileged and the batch env (docs/aws/codebuild.md §7.1)', () => {
  const matrix = (privileged: string) =>
    'version: 0.2\nbatch:\n  build-matrix:\n    static:\n      env:\n        privileged-mode: ' +
    privileged +
    '\n    dynamic:\n      env:\n        variables:\n          SUITE: [a, b]\n' +
    phases;

  it('a matrix whose static env sets privileged-mode: true is not reported, linked or not', () => {
    expect(ids(lintBuildspec('buildspec.yml', matrix('true'), []))).not.toContain('docker-without-privileged:warning');
    const linked = lintBuildspec('buildspec.yml', matrix('true'), [link('aws/codebuild/standard:7.0')]);
    expect(ids(linked)).not.toContain('docker-without-privileged:error');
  });

  it('privileged-mode: false in the batch still leaves the project unprivileged: reported', () => {
    const linked = lintBuildspec('buildspec.yml', matrix('false'), [link('aws/codebuild/standard:7.0')]);
    expect(ids(linked)).toContain('docker-without-privileged:error');
  });

  it('a build-list counts only the tasks that run this buildspec; one without privileged-mode is reported', () => {
    const list = (second: string) =>
      'version: 0.2\nbatch:\n  build-list:\n    - identifier: one\n      env:\n        privileged-mode: true\n' +
      second +
      phases;
    const otherFile = '    - identifier: docs\n      buildspec: ci/docs.yml\n';
    const samePhases = '    - identifier: two\n      env:\n        image: aws/codebuild/standard:7.0\n';
    const project = [link('aws/codebuild/standard:7.0')];
    expect(ids(lintBuildspec('buildspec.yml', list(otherFile), project))).not.toContain(
      'docker-without-privileged:error',
    );
    expect(ids(lintBuildspec('buildspec.yml', list(samePhases), project))).toContain('docker-without-privileged:error');
  });
});

describe('retired aws/codebuild/docker:* images (docs/aws/codebuild.md §6)', () => {
  const legacy =
    'version: 0.2\nphases:\n  pre_build:\n    commands:\n      - $(aws ecr get-login --no-include-email)\n' +
    '  build:\n    commands:\n      - docker build -t app .\n';

  it('one retired-image warning instead of ecr-get-login and docker-without-privileged errors', () => {
    const f = lintBuildspec('buildspec.yml', legacy, [link('aws/codebuild/docker:17.09.0')]);
    expect(ids(f)).toEqual(['retired-image:warning']);
    expect(f[0]!.message).toContain('uses aws/codebuild/docker:17.09.0, a retired Ubuntu 14.04 image with AWS CLI v1');
  });

  it('a current image keeps both errors; a buildspec also run by a current project keeps ecr-get-login', () => {
    expect(ids(lintBuildspec('buildspec.yml', legacy, [link('aws/codebuild/standard:7.0')])).sort()).toEqual([
      'docker-without-privileged:error',
      'ecr-get-login:error',
    ]);
    const both = [link('aws/codebuild/docker:18.09.0'), link('aws/codebuild/standard:7.0')];
    expect(ids(lintBuildspec('buildspec.yml', legacy, both)).sort()).toEqual([
      'docker-without-privileged:error',
      'ecr-get-login:error',
      'retired-image:warning',
    ]);
  });
});
