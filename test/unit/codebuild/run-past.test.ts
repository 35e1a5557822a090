// What the agent runs past, through the fake runtime (issue 11, docs/fidelity.md): the build log names each
// ignored key or skipped item on a `[codelocal]` line before the agent's lines; the build still runs. And a
// cache key whose command fails ends DOWNLOAD_SOURCE instead of caching under an error message.
import { describe, expect, it } from 'vitest';
import { evaluateKeyScript } from '../../../src/engine/codebuild/script-table.js';
import { fakeBuild } from '../../support/fake-build.js';

const SPEC = `version: 0.2
deploy:
  commands:
    - ./deploy.sh
phases:
  pre_build:
    Commands:
      - never-runs
  build:
    commands:
      - build-cmd
      - # a note
cache:
  paths:
    # - deps/**/*
`;

describe('the build log names what CodeBuild ignores', () => {
  it('one [codelocal] line per ignored key or skipped item, before the first [Container] line; the build succeeds', async () => {
    const r = await fakeBuild({ buildspec: SPEC });
    expect(r.build.buildStatus).toBe('SUCCEEDED');
    const lines = r.log.split('\n');
    const notes = lines.filter((l) => l.startsWith('[codelocal] '));
    expect(notes).toEqual([
      "[codelocal] buildspec.yml:2:1: unknown key 'deploy' in 'buildspec'",
      "[codelocal] buildspec.yml:7:5: unknown key 'Commands' in 'phases.pre_build'; did you mean 'commands'?",
      '[codelocal] buildspec.yml:12:9: Commands[1] at line 12 is empty: skipped',
      "[codelocal] buildspec.yml:13:1: 'cache' has no paths (nor a key): the cache is skipped, as CodeBuild does " +
        '("Skip cache due to: no paths specified to be cached")',
    ]);
    expect(lines.findIndex((l) => l.startsWith('[Container]'))).toBeGreaterThan(lines.indexOf(notes.at(-1)!));
    expect(r.log).not.toContain('never-runs');
  });
});

describe('cache key evaluation', () => {
  const keyed = `version: 0.2
phases:
  build:
    commands:
      - build-cmd
cache:
  key: npm-$(codebuild-hash-files package-lock.json)
  paths:
    - deps/**/*
`;
  const script = evaluateKeyScript('npm-$(codebuild-hash-files package-lock.json)');

  it('a key whose command fails fails DOWNLOAD_SOURCE with CLIENT_ERROR; no phase runs, nothing is cached', async () => {
    const r = await fakeBuild({
      buildspec: keyed,
      commands: { [script]: { exitCode: 127, output: 'sh: codebuild-hash-files: not found' } },
    });
    expect(r.build.buildStatus).toBe('FAILED');
    expect(r.phases).toContain('DOWNLOAD_SOURCE FAILED');
    expect(r.lines).toContain(
      'Phase context status code: CLIENT_ERROR Message: Unable to initialize cache download: evaluating cache key ' +
        "'npm-$(codebuild-hash-files package-lock.json)' failed: exit status 127",
    );
    expect(r.cacheRestores).toHaveLength(0);
    expect(r.cacheSaves).toHaveLength(0);
  });

  it('a key that evaluates is restored with its value', async () => {
    const r = await fakeBuild({ buildspec: keyed, commands: { [script]: { output: 'npm-abc' } } });
    expect(r.build.buildStatus).toBe('SUCCEEDED');
    expect(r.cacheRestores[0]?.key).toBe('npm-abc');
  });

  it('the key script keeps a failing substitution status and runs in a subshell', () => {
    expect(script).toBe(
      '( __codelocal_key="npm-$(codebuild-hash-files package-lock.json)" || exit $?; printf \'%s\' "$__codelocal_key" )',
    );
  });
});
