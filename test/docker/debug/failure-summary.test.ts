/**
 * The failure summary (issue #7 item 6): the phase and command that failed, its exit code, the last
 * lines of its own output (not the `finally` and later phases that ran after it), and a hint where
 * one applies.
 */
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { runSpec } from '../codebuild/harness.js';

describeDocker('failure summary (issue #7)', () => {
  it("names phase, command and exit code; the last lines are the failing command's own output", async () => {
    const { build } = await runSpec({
      'buildspec.yml': `version: 0.2
phases:
  build:
    commands:
      - echo "earlier command"
      - for i in 1 2 3; do echo "own line $i"; done; exit 4
    finally:
      - echo "from finally"
  post_build:
    commands:
      - echo "from post_build"
`,
    });
    const f = build.codelocal.failure!;
    expect(f).toMatchObject({
      phase: 'BUILD',
      command: 'for i in 1 2 3; do echo "own line $i"; done; exit 4',
      exitCode: 4,
    });
    expect(f.lastLines).toEqual(['own line 1', 'own line 2', 'own line 3']);
  });

  it('hints: a command the image lacks (exit 127), naming the image', async () => {
    const { build } = await runSpec({
      'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - nosuchtool --version\n',
    });
    const f = build.codelocal.failure!;
    expect(f.exitCode).toBe(127);
    expect(f.lastLines.join('\n')).toMatch(/nosuchtool: (command )?not found/);
    expect(f.hint).toMatch(/^'nosuchtool' is not installed in the image \S+/);
  });

  it('hints: Docker without privileged mode', async () => {
    const { build } = await runSpec({
      'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - docker ps\n',
    });
    expect(build.codelocal.failure?.hint).toMatch(/privileged mode/);
  });

  it('hints: a missing parameter, and a runtime version the image lacks (DOWNLOAD_SOURCE)', async () => {
    const param = await runSpec({
      'buildspec.yml':
        'version: 0.2\nenv:\n  parameter-store:\n    TOKEN: /app/missing\nphases:\n  build:\n    commands:\n      - echo hi\n',
    });
    expect(param.build.codelocal.failure).toMatchObject({ phase: 'DOWNLOAD_SOURCE' });
    expect(param.build.codelocal.failure?.hint).toMatch(/--parameter NAME=VALUE/);
    const runtime = await runSpec({
      'buildspec.yml':
        'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 99\n  build:\n    commands:\n      - echo hi\n',
    });
    expect(runtime.build.codelocal.failure?.phase).toBe('DOWNLOAD_SOURCE');
    expect(runtime.build.codelocal.failure?.hint).toMatch(/runtime-versions/);
  });
});
