/**
 * What CodeBuild runs past, through a whole build (issue 11, docs/fidelity.md): unknown keys ignored and
 * named on `[codelocal]` lines, a `commands: |` block run as one script, null items skipped, one pattern
 * for `files`, a cache with every path commented out skipped with CodeBuild's line.
 */
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { runSpec, spec } from './harness.js';

describeDocker('build: what the agent runs past', () => {
  it('the build succeeds and does what CodeBuild does with each construct', async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(`deploy:
  commands:
    - echo deploy-never-runs
phases:
  pre_build:
    Commands:
      - echo pre-never-runs
  build:
    commands: |
      echo block-line-1 > out.txt
      echo block-line-2 >> out.txt
      cat out.txt
  post_build:
    commands:
      - # a note
      - echo post-ran
      -
artifacts:
  files: 'out.txt'
cache:
  paths:
    # - deps/**/*
`),
    });
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(log).toContain("[codelocal] buildspec.yml:2:1: unknown key 'deploy' in 'buildspec'");
    expect(log).toMatch(/\[codelocal\] buildspec.yml:7:5: unknown key 'Commands' in 'phases.pre_build'/);
    expect(log).toContain('block-line-1\nblock-line-2');
    expect(log).toContain('post-ran');
    expect(log).not.toContain('never-runs\n');
    expect(log).toContain('Skip cache due to: no paths specified to be cached');
    expect(log.indexOf('[codelocal]')).toBeLessThan(log.indexOf('[Container]'));
    expect(build.artifacts?.location).toMatch(/\.zip$/);
  });
});
