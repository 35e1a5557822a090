// The peer row of the README table (issue #14): the same one-command job run by gitlab-ci-local (the
// TypeScript peer; docs/aws/peers.md) and by a plain `docker run --rm --entrypoint sh` of the same image,
// pair by pair, next to codelocal's own row (build-one-command.mjs). Informative only: no goal.
// gitlab-ci-local is not a project dependency: this bench runs when it is on PATH (npm i -g gitlab-ci-local;
// it needs rsync too) and otherwise prints why it skipped. Its helper image (by default pulled from Docker
// Hub) is replaced with the local Debian base image through its own --helper-image option: the helper only
// runs chown/chmod in the job's volume.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairs, report, timeCommand } from './lib.mjs';

const image = process.env.CODELOCAL_BENCH_IMAGE ?? 'codelocal/standard:latest';
const helper = process.env.CODELOCAL_BENCH_HELPER_IMAGE ?? 'codelocal/debian-bookworm-base:latest';

function skip(reason) {
  console.log(`gitlab-ci-local row SKIPPED: ${reason}`);
  process.exit(0);
}
const version = spawnSync('gitlab-ci-local', ['--version'], { encoding: 'utf8' });
if (version.status !== 0) skip('gitlab-ci-local is not on PATH (npm i -g gitlab-ci-local to measure the peer)');
if (spawnSync('rsync', ['--version']).status !== 0) skip('gitlab-ci-local needs rsync, which is not on PATH');
if (spawnSync('docker', ['image', 'inspect', helper]).status !== 0) skip(`the helper image ${helper} is not built`);

const repo = mkdtempSync(join(tmpdir(), 'bench-gcl-'));
const git = (...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@invalid', ...args], { cwd: repo });
// entrypoint [""]: like the baseline's --entrypoint sh, the runner image's dockerd start is not paid.
writeFileSync(
  join(repo, '.gitlab-ci.yml'),
  `job:\n  image:\n    name: ${image}\n    entrypoint: [""]\n  script:\n    - echo hello\n`,
);
git('init', '-q', '-b', 'main');
git('remote', 'add', 'origin', 'https://gitlab.invalid/bench/repo.git');
git('add', '-A');
git('commit', '-q', '-m', 'bench');
try {
  const r = pairs(
    `gitlab-ci-local ${version.stdout.trim()} one-command job vs docker run`,
    () =>
      timeCommand('gitlab-ci-local', ['--pull-policy', 'if-not-present', '--helper-image', helper, 'job'], {
        cwd: repo,
      }),
    () => timeCommand('docker', ['run', '--rm', '--entrypoint', 'sh', image, '-c', 'echo hello']),
    Number(process.env.BENCH_RUNS ?? 5),
  );
  report({ ...r, label: 'gitlab-ci-local' });
} finally {
  rmSync(repo, { recursive: true, force: true });
}
