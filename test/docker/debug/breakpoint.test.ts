/**
 * `codebuild-breakpoint` / `codebuild-resume` in local builds (issue #7; CodeBuild's Session Manager
 * breakpoints, docs/debugging.md): the build pauses inside the command, `codelocal attach` opens a
 * shell there from another terminal, and resuming (inside or from the host) lets the build go on
 * with whatever the shell changed.
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BuildSessions } from '../../../src/workspace/build-sessions.js';
import { StateDir } from '../../../src/workspace/state-dir.js';
import { describeDocker } from '../helpers.js';
import { CLI, Pty, tempDir, tree } from './pty.js';

const SPEC = `version: 0.2
phases:
  build:
    commands:
      - mkdir -p work && cd work && export AT_BREAKPOINT=yes
      - codebuild-breakpoint
      - echo "after resume, the build sees $(cat made-in-shell.txt)"
artifacts:
  files:
    - '**/*'
`;

/** Starts a build without a terminal and waits for its breakpoint; returns the id and the running build. */
async function pausedBuild(stateDir: string, artifacts: string) {
  let stderr = '';
  const build = execa(
    'node',
    [CLI, 'build', tree({ 'buildspec.yml': SPEC }), '--state-dir', stateDir, '-a', artifacts],
    {
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1' },
    },
  );
  build.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const until = Date.now() + 60_000;
  while (!/paused at codebuild-breakpoint/.test(stderr) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 100));
  const id = /codelocal attach (\S+)/.exec(stderr)?.[1];
  expect(id, stderr).toBeTruthy();
  return { id: id!, build };
}

async function attachAndRun(id: string, stateDir: string, lines: string[]): Promise<string> {
  const pty = new Pty(['attach', id, '--state-dir', stateDir]);
  try {
    await pty.waitFor(/shell in \S+ with the build's environment/);
    for (const l of lines) pty.type(l);
    pty.type('exit');
    expect(await pty.exited).toBe(0);
    return pty.output;
  } finally {
    pty.kill();
  }
}

describeDocker('codebuild-breakpoint and codebuild-resume (issue #7)', () => {
  it('pause, attach, create a file, codelocal resume: the file is in the artifact', async () => {
    const stateDir = tempDir('codelocal-bp-state-');
    const artifacts = tempDir('codelocal-bp-artifacts-');
    const { id, build } = await pausedBuild(stateDir, artifacts);
    expect(new BuildSessions(new StateDir(stateDir)).read(id)).toMatchObject({
      state: 'paused',
      pausedReason: 'breakpoint',
    });

    const out = await attachAndRun(id, stateDir, ['echo "made at $AT_BREAKPOINT in $(pwd)" > made-in-shell.txt']);
    expect(out).toMatch(/shell in \/codebuild\/output\/src\d+\/src\/work /); // the breakpoint's folder

    const resume = await execa('node', [CLI, 'resume', id, '--state-dir', stateDir], {
      reject: false,
      stdin: 'ignore',
    });
    expect(resume.exitCode, resume.stderr).toBe(0);
    const r = await build;
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/after resume, the build sees made at yes in \/codebuild\/output\/src\d+\/src\/work/);
    expect(readFileSync(join(artifacts, 'work/made-in-shell.txt'), 'utf8')).toMatch(/^made at yes/);
    expect(new BuildSessions(new StateDir(stateDir)).read(id)).toMatchObject({
      state: 'finished',
      status: 'SUCCEEDED',
    });
    // Resuming a build that is not paused is an input error (exit 2), not a silent success.
    const again = await execa('node', [CLI, 'resume', id, '--state-dir', stateDir], { reject: false, stdin: 'ignore' });
    expect(again.exitCode).toBe(2);
  });

  it('codebuild-resume inside the attached shell continues the build, as in a Session Manager session', async () => {
    const stateDir = tempDir('codelocal-bp-state-');
    const artifacts = tempDir('codelocal-bp-artifacts-');
    const { id, build } = await pausedBuild(stateDir, artifacts);
    const out = await attachAndRun(id, stateDir, ['echo inside > made-in-shell.txt', 'codebuild-resume']);
    expect(out).toContain('codebuild-resume: the build continues');
    const r = await build;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('after resume, the build sees inside');
    expect(existsSync(join(artifacts, 'work/made-in-shell.txt'))).toBe(true);
  });

  // docs/aws/codebuild.md §1.4: run-as runs the phase's commands as that user, the breakpoint's hold included. The
  // hold's folder comes open to every user (debug-tools.ts); before, the hold could not save its state and the
  // command failed with exit status 2.
  it('a breakpoint in a run-as phase pauses too, and the build goes on as that user after codelocal resume', async () => {
    const stateDir = tempDir('codelocal-bp-state-');
    const spec = [
      'version: 0.2',
      'phases:',
      '  build:',
      '    run-as: nobody',
      '    commands:',
      '      - export AT_BREAKPOINT=yes',
      '      - codebuild-breakpoint',
      '      - echo "resumed as $(id -un) with AT_BREAKPOINT=$AT_BREAKPOINT"',
      '',
    ].join('\n');
    let stderr = '';
    const build = execa('node', [CLI, 'build', tree({ 'buildspec.yml': spec }), '--state-dir', stateDir], {
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1' },
    });
    build.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const until = Date.now() + 60_000;
    while (!/paused at codebuild-breakpoint|Build (SUCCEEDED|FAILED)/.test(stderr) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    const id = /codelocal attach (\S+)/.exec(stderr)?.[1];
    expect(id, stderr).toBeTruthy();
    const resume = await execa('node', [CLI, 'resume', id!, '--state-dir', stateDir], {
      reject: false,
      stdin: 'ignore',
    });
    expect(resume.exitCode, resume.stderr).toBe(0);
    const r = await build;
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('resumed as nobody with AT_BREAKPOINT=yes');
  });
});
