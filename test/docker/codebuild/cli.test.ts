/**
 * The `codelocal build` command line as a whole process: the flags of AWS's codebuild_build.sh
 * (docs/aws/codebuild.md §5.1, §8.28), exit codes (issue: 0 only when SUCCEEDED, 1 failed, 2 bad input),
 * and no TTY needed (stdin is closed here, as in CI).
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-cli-'));
  dirs.push(dir);
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const state = mkdtempSync(join(tmpdir(), 'codelocal-state-'));
  dirs.push(state);
  return execa('node', [CLI, ...args, '--state-dir', state], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1', ...env },
  });
}

const ECHO = 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "V=$V"\n';

describeDocker('codelocal build: command line (docs/aws/codebuild.md §8.28)', () => {
  it('-b takes a path relative to the source folder (fixes the local agent bug of docs/aws/codebuild.md §5.3)', async () => {
    const src = tree({ 'ci/other.yml': ECHO });
    const r = await cli(['build', src, '-b', 'ci/other.yml']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('V=');
  });

  it('-e FILE: VAR=VAL lines, # comments skipped, quotes kept as part of the value', async () => {
    const src = tree({ 'buildspec.yml': ECHO, 'vars.env': '# comment\n\nV="x"\n' });
    const r = await cli(['build', src, '-e', join(src, 'vars.env')]);
    expect(r.stdout).toContain('V="x"');
  });

  it('-c passes the host AWS_* variables, -p the profile (only with -c)', async () => {
    const src = tree({
      'buildspec.yml':
        'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "P=$AWS_PROFILE T=$AWS_CODELOCAL_TEST"\n',
    });
    const r = await cli(['build', src, '-c', '-p', 'dev'], { AWS_CODELOCAL_TEST: 'yes' });
    expect(r.stdout).toContain('P=dev T=yes');
    const without = await cli(['build', src], { AWS_CODELOCAL_TEST: 'yes' });
    expect(without.stdout).toContain('P= T=');
  });

  it('-s id:dir adds a secondary source as CODEBUILD_SRC_DIR_<id>', async () => {
    const other = tree({ 'hello.txt': 'from secondary\n' });
    const src = tree({
      'buildspec.yml':
        'version: 0.2\nphases:\n  build:\n    commands:\n      - cat "$CODEBUILD_SRC_DIR_extra/hello.txt"\n',
    });
    const r = await cli(['build', '-s', src, '-s', `extra:${other}`]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('from secondary');
  });

  it('-m bind-mounts the source: files the build writes appear on the host', async () => {
    const src = tree({
      'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo made > made-by-build.txt\n',
    });
    const r = await cli(['build', src, '-m']);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(src, 'made-by-build.txt'), 'utf8')).toBe('made\n');
  });

  it('-i picks the image; a missing image is an environment error (exit 3) naming the fix', async () => {
    const src = tree({ 'buildspec.yml': ECHO });
    const r = await cli(['build', src, '-i', 'no-such/image:1']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/IMAGE_MISSING/);
  });

  it('-d runs privileged: dockerd starts inside and docker info answers', async () => {
    const src = tree({
      'buildspec.yml':
        'version: 0.2\nphases:\n  build:\n    commands:\n      - docker info --format "server={{.ServerVersion}}"\n',
    });
    const r = await cli(['build', src, '-d']);
    expect(r.stdout).toMatch(/server=\d+/);
    expect(r.exitCode).toBe(0);
  });

  it('the exit code reflects the build status: 1 when the build fails', async () => {
    const src = tree({ 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - exit 4\n' });
    const r = await cli(['build', src]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Build FAILED');
  });

  it('docs/aws/codebuild.md §8.15: a YAML error exits 2 with file:line:column and creates no container', async () => {
    const src = tree({ 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo a: b\n' });
    // The engine is made unreachable: exit 2 (not 3) proves the error came before any Docker call.
    const r = await cli(['build', src, '--json'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${join(src, 'buildspec.yml')}:5:9`);
    expect(r.stderr).toContain('Expected Commands[0] to be of string type: found subkeys instead at line 5');
  });

  it('--json prints {"build": Build} on stdout (as aws codebuild start-build) with the failing phase context, log on stderr', async () => {
    const src = tree({
      'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo to-log\n      - "false"\n',
    });
    const r = await cli(['build', src, '--json']);
    expect(r.exitCode).toBe(1);
    const printed = JSON.parse(r.stdout);
    expect(Object.keys(printed)).toEqual(['build']);
    const build = printed.build;
    expect(build.buildStatus).toBe('FAILED');
    const phase = build.phases.find((p: { phaseType: string }) => p.phaseType === 'BUILD');
    expect(phase.phaseStatus).toBe('FAILED');
    expect(phase.contexts[0]).toEqual({
      statusCode: 'COMMAND_EXECUTION_ERROR',
      message: 'Error while executing command: false. Reason: exit status 1',
    });
    expect(typeof phase.durationInSeconds).toBe('number');
    expect(build.logs.path).toMatch(/build\.log$/);
    expect(existsSync(build.logs.path)).toBe(true);
    expect(r.stderr).toContain('to-log');
  });
});
