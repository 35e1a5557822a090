/**
 * `build --shell-on-failure` (issue #7, docs/debugging.md), driven through a pseudo-terminal: the shell
 * opens where the command failed, before `finally`, with that command's variables and folder
 * (buildspec 0.2 shell state), and the build goes on as CodeBuild would when it closes.
 * Without a terminal the build holds and `codelocal attach` / `resume` reach it from elsewhere.
 */
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { CLI, Pty, plain, tempDir, tree } from './pty.js';

// Markers are split in the buildspec text so that the `Running command ...` log lines never match them.
const FAILING = `version: 0.2
phases:
  build:
    commands:
      - mkdir -p sub && cd sub && export MYVAR=hello-from-build && LOCAL_ONLY=plain-assignment
      - echo "own-out""put"; exit 3
    finally:
      - echo "finally-""marker"
  post_build:
    commands:
      - echo "post-build-""marker"
`;

// Typed into the shell; the echo of the typed line shows `$MYVAR`, the output shows the value.
const PROBE = 'echo "V=[$MYVAR] L=[$LOCAL_ONLY] P=[$(pwd)]"';
const PROBE_OUT = /V=\[(hello-from-build)\] L=\[([^\]$]*)\] P=\[(\/[^\]]*)\]/;

function state(): string {
  return tempDir('codelocal-debug-state-');
}

describeDocker('build --shell-on-failure (issue #7)', () => {
  it("opens a shell before finally with the failed command's variables and folder; the build then goes on", async () => {
    const pty = new Pty(['build', tree({ 'buildspec.yml': FAILING }), '--state-dir', state(), '--shell-on-failure']);
    try {
      await pty.waitFor(/shell in \S+ with the build's environment/);
      expect(pty.output).toContain('`echo "own-out""put"; exit 3` failed in BUILD (exit status 3)');
      expect(pty.output).not.toContain('finally-marker'); // finally waits for the shell
      pty.type(PROBE);
      const m = await pty.waitFor(PROBE_OUT);
      expect(m[2]).toBe('plain-assignment'); // plain assignments persist too (set -a)
      expect(m[3]).toMatch(/^\/codebuild\/output\/src\d+\/src\/sub$/);
      // A real terminal: the shell has a TTY with a size (the terminal's, or 24x80 when it reports none).
      pty.type('echo "tty=[$(tty)] size=[$(stty size)]"');
      expect((await pty.waitFor(/tty=\[(\/dev\/pts\/\d+)\] size=\[(\d+ \d+)\]/))[2]).toMatch(/^[1-9]\d* [1-9]\d*$/);
      pty.type('exit');
      expect(await pty.exited).toBe(1);
      const out = pty.output;
      expect(out.indexOf('finally-marker')).toBeGreaterThan(out.indexOf('shell closed'));
      expect(out).toContain('post-build-marker');
      expect(out).toMatch(/Build FAILED/);
      // The summary shows the failing command's own output, not finally's.
      expect(out).toMatch(
        /What failed: phase BUILD, command `echo "own-out""put"; exit 3`, exit status 3\n\s+\| own-output\n/,
      );
    } finally {
      pty.kill();
    }
  });

  it('--stop-after-shell ends the build STOPPED when the shell closes: no finally, no later phases', async () => {
    const pty = new Pty([
      'build',
      tree({ 'buildspec.yml': FAILING }),
      '--state-dir',
      state(),
      '--shell-on-failure',
      '--stop-after-shell',
    ]);
    try {
      await pty.waitFor(/shell in \S+ with the build's environment/);
      pty.type('exit');
      expect(await pty.exited).toBe(1);
      expect(pty.output).toMatch(/Build STOPPED/);
      expect(pty.output).not.toContain('finally-marker');
      expect(pty.output).not.toContain('post-build-marker');
    } finally {
      pty.kill();
    }
  });

  it('without a terminal the build waits; codelocal attach gets the same shell from elsewhere, codelocal resume continues', async () => {
    const stateDir = state();
    let stderr = '';
    const build = execa(
      'node',
      [
        CLI,
        'build',
        tree({ 'buildspec.yml': FAILING }),
        '--state-dir',
        stateDir,
        '--shell-on-failure',
        '--shell-wait',
        '120',
      ],
      {
        reject: false,
        stdin: 'ignore',
        env: { NO_COLOR: '1' },
      },
    );
    build.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const until = Date.now() + 60_000;
    while (!/codelocal attach (\S+)/.test(stderr) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const id = /codelocal attach (\S+)/.exec(stderr)?.[1];
    expect(id, stderr).toBeTruthy();
    expect(stderr).toContain('paused for up to 120 s after the failure');

    const pty = new Pty(['attach', id!, '--state-dir', stateDir]);
    try {
      await pty.waitFor(/shell in \S+ with the build's environment/);
      pty.type(PROBE);
      const m = await pty.waitFor(PROBE_OUT);
      expect(m[3]).toMatch(/\/src\/sub$/);
      pty.type('exit');
      expect(await pty.exited).toBe(0);
    } finally {
      pty.kill();
    }
    // Leaving the attached shell does not resume: the build still holds until told.
    await new Promise((r) => setTimeout(r, 500));
    expect(build.exitCode).toBeNull();
    const resume = await execa('node', [CLI, 'resume', id!, '--state-dir', stateDir], {
      reject: false,
      stdin: 'ignore',
    });
    expect(resume.exitCode, resume.stderr).toBe(0);
    const r = await build;
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('finally-marker');
    expect(r.stdout).toContain('post-build-marker');
  });

  it('the hold is bounded: after --shell-wait seconds without attach/resume the build goes on by itself', async () => {
    const started = Date.now();
    const r = await execa(
      'node',
      [
        CLI,
        'build',
        tree({ 'buildspec.yml': FAILING }),
        '--state-dir',
        state(),
        '--shell-on-failure',
        '--shell-wait',
        '1',
      ],
      {
        reject: false,
        stdin: 'ignore',
        env: { NO_COLOR: '1' },
      },
    );
    expect(r.exitCode).toBe(1);
    expect(plain(r.stderr)).toContain('waited 1 s; nobody resumed it, so it goes on');
    expect(r.stdout).toContain('finally-marker');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
