// How a build ends, through the fake runtime: timeout, stop by AbortSignal, a lost agent (FAULT),
// DOWNLOAD_SOURCE and UPLOAD_ARTIFACTS failures, exported variables, kept containers, the debug stop.
import { describe, expect, it } from 'vitest';
import { fakeBuild } from '../../support/fake-build.js';

const SPEC = `version: 0.2
env:
  exported-variables:
    - OUT
phases:
  install:
    commands:
      - install-cmd
  build:
    commands:
      - export OUT=built
      - build-cmd
  post_build:
    commands:
      - post-cmd
artifacts:
  files:
    - '**/*'
  name: art-$OUT
`;

describe('phase machine: timeout and stop', () => {
  it('the build timeout kills the running command: TIMED_OUT, no later phase, container removed', async () => {
    const t0 = Date.now();
    const r = await fakeBuild({
      buildspec: SPEC,
      commands: { 'build-cmd': { durationMs: 60_000 } },
      request: { timeoutSeconds: 0.1 },
    });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.build.buildStatus).toBe('TIMED_OUT');
    expect(r.phases).toContain('BUILD TIMED_OUT');
    expect(r.phases.some((p) => p.startsWith('POST_BUILD') || p.startsWith('UPLOAD'))).toBe(false);
    expect(r.phases.slice(-2)).toEqual(['FINALIZING SUCCEEDED', 'COMPLETED']);
    expect(r.lines).toContain('Phase complete: BUILD State: TIMED_OUT');
    expect(r.lines).toContain('Phase context status code: BUILD_TIMED_OUT Message: Build has timed out. ');
    expect(r.container.killed).toBe(true);
    expect(r.container.removed).toBe(true);
    expect(r.cacheSaves).toHaveLength(0);
  });

  it('an AbortSignal stops the build during a command: STOPPED', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const r = await fakeBuild({
      buildspec: SPEC,
      commands: { 'post-cmd': { durationMs: 60_000 } },
      request: { signal: stop.signal },
    });
    expect(r.build.buildStatus).toBe('STOPPED');
    expect(r.phases).toContain('POST_BUILD STOPPED');
    expect(r.lines).toContain('Phase context status code: BUILD_STOPPED Message: Build was stopped. ');
    expect(r.uploads).toHaveLength(0);
    expect(r.container.removed).toBe(true);
  });

  it('a signal aborted before the start stops the build before any phase runs', async () => {
    const stop = new AbortController();
    stop.abort();
    const r = await fakeBuild({ buildspec: SPEC, request: { signal: stop.signal } });
    expect(r.build.buildStatus).toBe('STOPPED');
    expect(r.container.ran).toEqual([]);
  });

  it('--stop-after-shell ends the build STOPPED after the debug shell, with the failed command as summary', async () => {
    const shells: string[] = [];
    const r = await fakeBuild({
      buildspec: SPEC,
      commands: { 'build-cmd': { exitCode: 9, output: 'bad\n' } },
      request: {
        debug: {
          onFailure: 'shell',
          stopAfter: true,
          openShell: async (t) => void shells.push(`${t.phase} ${t.command}`),
        },
      },
    });
    expect(shells).toEqual(['BUILD build-cmd']);
    expect(r.build.buildStatus).toBe('STOPPED');
    expect(r.build.codelocal.failure).toMatchObject({ phase: 'BUILD', command: 'build-cmd', exitCode: 9 });
  });
});

describe('phase machine: faults and failures outside the phases', () => {
  it('a container that dies under a command ends the build FAULT (CLIENT_ERROR), no upload', async () => {
    const r = await fakeBuild({ buildspec: SPEC, commands: { 'build-cmd': { crash: true } } });
    expect(r.build.buildStatus).toBe('FAULT');
    expect(r.phases).toContain('BUILD FAULT');
    expect(r.lines).toContain('Phase context status code: CLIENT_ERROR Message: the build container ended');
    expect(r.build.codelocal.failure).toMatchObject({ phase: 'BUILD', lastLines: ['the build container ended'] });
    expect(r.uploads).toHaveLength(0);
    expect(r.cacheSaves).toHaveLength(0);
  });

  it('a secret that does not resolve fails DOWNLOAD_SOURCE: no phase runs, no cache saved', async () => {
    const r = await fakeBuild({
      buildspec: SPEC.replace('env:\n', 'env:\n  parameter-store:\n    TOKEN: /missing\n'),
    });
    expect(r.build.buildStatus).toBe('FAILED');
    expect(r.phases).toContain('DOWNLOAD_SOURCE FAILED');
    expect(r.phases.slice(-3)).toEqual(['DOWNLOAD_SOURCE FAILED', 'FINALIZING SUCCEEDED', 'COMPLETED']);
    expect(r.lines).toContain('Decrypting parameter store environment variables');
    expect(r.build.codelocal.failure).toMatchObject({ phase: 'DOWNLOAD_SOURCE', lastLines: ['not found: /missing'] });
    expect(r.container.ran).toEqual([]);
    expect(r.cacheSaves).toHaveLength(0);
  });

  it('a failing runtime-version command fails DOWNLOAD_SOURCE with the command in the summary', async () => {
    const r = await fakeBuild({
      buildspec: SPEC.replace('  install:\n', '  install:\n    runtime-versions:\n      nodejs: 20\n'),
      imageFiles: {
        '/codebuild/image/config/runtimes.yml':
          'version: 0.1\nruntimes:\n  nodejs:\n    versions:\n      "20": { commands: ["n 20"] }\n',
      },
      commands: { 'n 20': { exitCode: 1, output: 'no n\n' } },
    });
    expect(r.lines).toContain("Selecting 'nodejs' runtime version '20' based on manual selections...");
    expect(r.build.codelocal.failure).toMatchObject({ phase: 'DOWNLOAD_SOURCE', command: 'n 20', exitCode: 1 });
    expect(r.phases).toContain('DOWNLOAD_SOURCE FAILED');
    expect(r.container.ran).toEqual(['n 20']);
  });

  it('an upload error fails UPLOAD_ARTIFACTS and the build', async () => {
    const r = await fakeBuild({
      buildspec: SPEC,
      upload: { error: { statusCode: 'CLIENT_ERROR', message: 'no files matched' } },
    });
    expect(r.build.buildStatus).toBe('FAILED');
    expect(r.phases).toContain('UPLOAD_ARTIFACTS FAILED');
    expect(r.build.codelocal.failure).toEqual({ phase: 'UPLOAD_ARTIFACTS', lastLines: ['no files matched'] });
  });
});

describe('phase machine: exported variables, artifact names, kept containers', () => {
  it('captures exported variables after POST_BUILD and evaluates the artifact name in the build shell', async () => {
    const r = await fakeBuild({ buildspec: SPEC });
    expect(r.build.exportedEnvironmentVariables).toEqual([{ name: 'OUT', value: 'built' }]);
    expect(r.uploads[0].names).toEqual({ '': 'art-built' });
  });

  it('captures exported variables after the last phase that ran (ABORT in BUILD)', async () => {
    const r = await fakeBuild({
      buildspec: SPEC.replace('  build:\n', '  build:\n    on-failure: ABORT\n'),
      commands: { 'build-cmd': { exitCode: 1 } },
    });
    expect(r.build.exportedEnvironmentVariables).toEqual([{ name: 'OUT', value: 'built' }]);
    expect(r.container.ran).not.toContain('post-cmd');
  });

  it('--keep leaves the agent waiting: no quit request, the container is neither removed nor forgotten', async () => {
    const r = await fakeBuild({ buildspec: SPEC, request: { keep: true } });
    expect(r.build.buildStatus).toBe('SUCCEEDED');
    expect(r.container.requests).not.toContain('Q');
    expect(r.container.removed).toBe(false);
    expect(r.container.forgotten).toBe(false);
    expect(r.container.spec.keep).toBe(true);
  });
});

describe('phase machine: reuse and the log', () => {
  it('--reuse of a container that is gone is an input error, thrown before any phase', async () => {
    await expect(
      fakeBuild({
        buildspec: SPEC,
        request: {
          reuse: { containerId: 'gone0123456789', nonce: 'n', srcRoot: '/codebuild/output/src1', image: 'x' },
        },
      }),
    ).rejects.toMatchObject({ code: 'BUILD_CONTAINER_GONE' });
  });

  it('writes the [Container] lines CodeBuild writes, in its order', async () => {
    const r = await fakeBuild({ buildspec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - make\n' });
    const src = r.lines[3].replace('CODEBUILD_SRC_DIR=', '');
    const phase = (type: string) => [
      `Entering phase ${type}`,
      ...(type === 'BUILD' ? ['Running command make'] : []),
      `Phase complete: ${type} State: SUCCEEDED`,
      'Phase context status code:  Message: ',
    ];
    expect(r.lines).toEqual([
      'Waiting for agent ping',
      'Waiting for DOWNLOAD_SOURCE',
      'Phase is DOWNLOAD_SOURCE',
      `CODEBUILD_SRC_DIR=${src}`,
      `YAML location is ${src}/buildspec.yml`,
      'Processing environment variables',
      `Moving to directory ${src}`,
      'Registering with agent',
      'Phases found in YAML: 1',
      ' BUILD: 1 commands',
      'Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED',
      'Phase context status code:  Message: ',
      ...phase('INSTALL'),
      ...phase('PRE_BUILD'),
      ...phase('BUILD'),
      ...phase('POST_BUILD'),
      'Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED',
      'Phase context status code:  Message: ',
    ]);
  });
});
