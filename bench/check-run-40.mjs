#!/usr/bin/env node
/**
 * check --run speed goal (issue #12): `codelocal check --run --max-parallel 2` over 40 one-command
 * buildspecs (CLI start to exit) against 40 sequential plain `docker run --rm --entrypoint sh IMAGE -c
 * 'echo hi'` on the same image, divided by 2 (what two perfectly parallel lanes of bare containers
 * would take). Goal: ratio under 1.5. Pairs alternate, after one warm-up each (bench/lib.mjs).
 * It also times the same 40 bare containers run two at a time (`xargs -P2`): what the engine itself gives
 * two lanes on this machine, which is far from half the sequential time on 2 cores, so the second ratio
 * says how close check comes to the engine's own parallel floor (docs/performance.md).
 *
 *   BENCH_RUNS=3 node bench/check-run-40.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, median, pairs, report, timeCommand } from './lib.mjs';

const GOAL = 1.5;
const COUNT = 40;
const image = process.env.CODELOCAL_BENCH_IMAGE ?? 'codelocal/standard:latest';
const cli = cliPath();
const repo = mkdtempSync(join(tmpdir(), 'bench-check-run-'));
const state = mkdtempSync(join(tmpdir(), 'bench-check-state-'));
try {
  execFileSync('git', ['init', '-q'], { cwd: repo });
  for (let i = 0; i < COUNT; i++) {
    mkdirSync(join(repo, `svc-${i}`));
    writeFileSync(
      join(repo, `svc-${i}`, 'buildspec.yml'),
      'version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n',
    );
  }
  const args = [cli, 'check', '--run', '--max-parallel', '2', '--state-dir', state];
  args.push('--image-map', `aws/codebuild/standard:7.0=${image}`);
  const r = pairs(
    `check --run --max-parallel 2, ${COUNT} one-command buildspecs vs ${COUNT} sequential docker run / 2`,
    () => timeCommand('node', args, { cwd: repo }),
    () => {
      let ms = 0;
      // --entrypoint sh: the runner image's entrypoint starts dockerd first; the baseline should not pay for that.
      for (let i = 0; i < COUNT; i++)
        ms += timeCommand('docker', ['run', '--rm', '--entrypoint', 'sh', image, '-c', 'echo hi']);
      return ms / 2;
    },
    Number(process.env.BENCH_RUNS ?? 3),
  );
  report(r, GOAL);
  const lanes = [0, 1, 2].map(() =>
    timeCommand('sh', [
      '-c',
      `seq ${COUNT} | xargs -P2 -I{} docker run --rm --entrypoint sh ${image} -c 'echo hi' >/dev/null`,
    ]),
  );
  const floor = median(lanes);
  console.log(
    `the same ${COUNT} docker runs two at a time: ${Math.round(floor)} ms (sequential / 2 assumes ${r.baselineMedianMs} ms); ` +
      `check vs that: ${(r.medianMs / floor).toFixed(2)}x`,
  );
  process.exitCode = r.ratio <= GOAL ? 0 : 1;
} finally {
  rmSync(repo, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
