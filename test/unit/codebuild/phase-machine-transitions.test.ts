// The phase machine through the fake runtime: CodeBuild's transitions (docs/aws/codebuild.md §2.4), on-failure,
// finally blocks and UPLOAD_ARTIFACTS per phase-transitions.ts, without Docker.
import { describe, expect, it } from 'vitest';
import { fakeBuild } from '../../support/fake-build.js';

const ALL_OK = [
  'SUBMITTED SUCCEEDED',
  'QUEUED SUCCEEDED',
  'PROVISIONING SUCCEEDED',
  'DOWNLOAD_SOURCE SUCCEEDED',
  'INSTALL SUCCEEDED',
  'PRE_BUILD SUCCEEDED',
  'BUILD SUCCEEDED',
  'POST_BUILD SUCCEEDED',
  'UPLOAD_ARTIFACTS SUCCEEDED',
  'FINALIZING SUCCEEDED',
  'COMPLETED',
];

/** A buildspec with one command per phase (`<phase>-cmd`), plus extra YAML lines per phase. */
function spec(extra: Partial<Record<'install' | 'pre_build' | 'build' | 'post_build', string[]>> = {}): string {
  const phases = (['install', 'pre_build', 'build', 'post_build'] as const).map((p) =>
    [`  ${p}:`, ...(extra[p] ?? []).map((l) => `    ${l}`), '    commands:', `      - ${p}-cmd`].join('\n'),
  );
  return `version: 0.2\nphases:\n${phases.join('\n')}\n`;
}

const fail = (exitCode = 2) => ({ exitCode, output: 'boom\n' });

describe('phase machine: transitions', () => {
  it('runs every phase in order, uploads artifacts and saves the cache when all succeed', async () => {
    const r = await fakeBuild({ buildspec: spec() });
    expect(r.build.buildStatus).toBe('SUCCEEDED');
    expect(r.phases).toEqual(ALL_OK);
    expect(r.container.ran).toEqual(['install-cmd', 'pre_build-cmd', 'build-cmd', 'post_build-cmd']);
    expect(r.uploads).toHaveLength(1);
    expect(r.cacheRestores).toHaveLength(1);
    expect(r.cacheSaves).toHaveLength(1);
    expect(r.container.requests.at(-1)).toBe('Q');
    expect(r.container.forgotten).toBe(true);
    expect(r.container.removed).toBe(false);
  });

  for (const phase of ['install', 'pre_build'] as const) {
    it(`a failing ${phase} ends the build: no later phase, no UPLOAD_ARTIFACTS`, async () => {
      const r = await fakeBuild({ buildspec: spec(), commands: { [`${phase}-cmd`]: fail() } });
      expect(r.build.buildStatus).toBe('FAILED');
      const type = phase.toUpperCase();
      expect(r.phases).toContain(`${type} FAILED`);
      expect(r.phases.some((p) => p.startsWith('BUILD') || p.startsWith('POST_BUILD'))).toBe(false);
      expect(r.phases.some((p) => p.startsWith('UPLOAD_ARTIFACTS'))).toBe(false);
      expect(r.phases.slice(-2)).toEqual(['FINALIZING SUCCEEDED', 'COMPLETED']);
      expect(r.uploads).toHaveLength(0);
      expect(r.build.codelocal.failure).toMatchObject({ phase: type, command: `${phase}-cmd`, exitCode: 2 });
      expect(r.lines).toContain(
        `Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: ${phase}-cmd. Reason: exit status 2`,
      );
    });
  }

  it('a failing BUILD still runs POST_BUILD (which sees CODEBUILD_BUILD_SUCCEEDING=0) and UPLOAD_ARTIFACTS', async () => {
    let succeeding: string | undefined;
    const r = await fakeBuild({
      buildspec: spec(),
      commands: (call) => {
        if (call.command === 'build-cmd') return fail();
        if (call.command === 'post_build-cmd') succeeding = call.env.get('CODEBUILD_BUILD_SUCCEEDING');
        return undefined;
      },
    });
    expect(r.build.buildStatus).toBe('FAILED');
    expect(r.phases).toEqual(ALL_OK.map((p) => (p === 'BUILD SUCCEEDED' ? 'BUILD FAILED' : p)));
    expect(succeeding).toBe('0');
    expect(r.uploads).toHaveLength(1);
    expect(r.build.codelocal.failure).toMatchObject({ phase: 'BUILD', lastLines: ['boom'] });
  });

  it('a failing POST_BUILD still attempts UPLOAD_ARTIFACTS', async () => {
    const r = await fakeBuild({ buildspec: spec(), commands: { 'post_build-cmd': fail(1) } });
    expect(r.build.buildStatus).toBe('FAILED');
    expect(r.phases).toContain('POST_BUILD FAILED');
    expect(r.phases).toContain('UPLOAD_ARTIFACTS SUCCEEDED');
    expect(r.uploads).toHaveLength(1);
  });

  for (const phase of ['install', 'pre_build', 'build', 'post_build'] as const) {
    it(`on-failure: ABORT in ${phase} stops at once: no later phase, no UPLOAD_ARTIFACTS`, async () => {
      const r = await fakeBuild({
        buildspec: spec({ [phase]: ['on-failure: ABORT'] }),
        commands: { [`${phase}-cmd`]: fail() },
      });
      expect(r.build.buildStatus).toBe('FAILED');
      const at = r.phases.indexOf(`${phase.toUpperCase()} FAILED`);
      expect(r.phases.slice(at + 1)).toEqual(['FINALIZING SUCCEEDED', 'COMPLETED']);
      expect(r.uploads).toHaveLength(0);
    });

    it(`on-failure: CONTINUE in ${phase} runs every later phase and UPLOAD_ARTIFACTS; the build fails`, async () => {
      const r = await fakeBuild({
        buildspec: spec({ [phase]: ['on-failure: CONTINUE'] }),
        commands: { [`${phase}-cmd`]: fail() },
      });
      expect(r.build.buildStatus).toBe('FAILED');
      expect(r.phases).toEqual(
        ALL_OK.map((p) => (p === `${phase.toUpperCase()} SUCCEEDED` ? `${phase.toUpperCase()} FAILED` : p)),
      );
      expect(r.uploads).toHaveLength(1);
      expect(r.build.codelocal.failure?.phase).toBe(phase.toUpperCase());
    });
  }

  it('the first failure is the summary: a later failing phase does not replace it', async () => {
    const r = await fakeBuild({ buildspec: spec(), commands: { 'build-cmd': fail(3), 'post_build-cmd': fail(4) } });
    expect(r.build.codelocal.failure).toMatchObject({ phase: 'BUILD', exitCode: 3 });
  });

  it('--phase runs only the selected phases; the others are logged as skipped', async () => {
    const r = await fakeBuild({ buildspec: spec(), request: { phases: ['build'] } });
    expect(r.container.ran).toEqual(['build-cmd']);
    expect(r.lines).toContain('Skipping phase INSTALL: not selected (--phase/--from-phase)');
    expect(r.lines).toContain('Skipping phase POST_BUILD: not selected (--phase/--from-phase)');
    expect(r.build.buildStatus).toBe('SUCCEEDED');
  });
});

describe('phase machine: finally', () => {
  const withFinally = `version: 0.2
phases:
  build:
    commands:
      - first
      - second
    finally:
      - cleanup-1
      - cleanup-2
`;

  it('runs finally after a failing command, skipping the rest of commands', async () => {
    const r = await fakeBuild({ buildspec: withFinally, commands: { first: fail() } });
    expect(r.container.ran).toEqual(['first', 'cleanup-1', 'cleanup-2']);
    expect(r.build.codelocal.failure).toMatchObject({ phase: 'BUILD', command: 'first' });
  });

  it('runs finally after success too; a failing finally command fails the phase and ends finally', async () => {
    const r = await fakeBuild({ buildspec: withFinally, commands: { 'cleanup-1': fail(5) } });
    expect(r.container.ran).toEqual(['first', 'second', 'cleanup-1']);
    expect(r.phases).toContain('BUILD FAILED');
    expect(r.build.codelocal.failure).toMatchObject({ phase: 'BUILD', command: 'cleanup-1', exitCode: 5 });
  });

  it("a failing command's own failure wins over a failing finally", async () => {
    const r = await fakeBuild({ buildspec: withFinally, commands: { second: fail(6), 'cleanup-1': fail(7) } });
    expect(r.build.codelocal.failure).toMatchObject({ command: 'second', exitCode: 6 });
  });

  it('on-failure: RETRY-1 runs the whole phase, finally included, once more', async () => {
    let calls = 0;
    const r = await fakeBuild({
      buildspec: withFinally.replace('  build:\n', '  build:\n    on-failure: RETRY-1\n'),
      commands: (c) => (c.command === 'first' && calls++ === 0 ? fail() : undefined),
    });
    expect(r.container.ran).toEqual(['first', 'cleanup-1', 'cleanup-2', 'first', 'second', 'cleanup-1', 'cleanup-2']);
    expect(r.build.buildStatus).toBe('SUCCEEDED');
  });
});
