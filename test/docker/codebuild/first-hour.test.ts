/**
 * What a new user meets in the first hour of `codelocal build` (issue 17): an Amazon Linux image name
 * says in the log which Debian stand-in serves it, and `yum: not found` is blamed on the stand-in;
 * a buildspec calling AWS without credentials is pointed at --local-aws.
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function source(buildspec: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-first-hour-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'buildspec.yml'), buildspec);
  return dir;
}

async function build(args: string[]) {
  const state = mkdtempSync(join(tmpdir(), 'codelocal-state-'));
  dirs.push(state);
  return execa('node', [CLI, 'build', ...args, '--json', '--state-dir', state], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
  });
}

describeDocker('codelocal build: the first hour', () => {
  it('an Amazon Linux image name: the log names the Debian stand-in, the yum hint says so', async () => {
    const src = source('version: 0.2\nphases:\n  install:\n    commands:\n      - yum install -y jq\n');
    const r = await build([src, '-i', 'aws/codebuild/amazonlinux2-x86_64-standard:5.0']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /\[codelocal\] image aws\/codebuild\/amazonlinux2-x86_64-standard:5\.0 is served by local image codelocal\/standard:latest .*Debian bookworm stand-in for Amazon Linux 2023/,
    );
    const { build: b } = JSON.parse(r.stdout);
    expect(b.codelocal.failure.hint).toMatch(
      /Debian bookworm stand-in \(not Amazon Linux 2023\), which has apt-get, not yum/,
    );
  });

  it('a buildspec calling AWS without credentials: the hint points at --local-aws', async () => {
    const src = source('version: 0.2\nphases:\n  build:\n    commands:\n      - aws sts get-caller-identity\n');
    const r = await build([src]);
    expect(r.exitCode).toBe(1);
    const { build: b } = JSON.parse(r.stdout);
    expect(b.codelocal.failure.hint).toMatch(/--local-aws/);
  });
});
