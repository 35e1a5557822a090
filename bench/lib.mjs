// Shared helpers for the benches: time whole processes, alternate A and B, report medians and ratios.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function timeCommand(cmd, args, options = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    stdio: options.quiet === false ? 'inherit' : 'pipe',
    env: { ...process.env, NO_COLOR: '1' },
    ...options,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !options.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr?.toString() ?? ''}`);
  }
  return ms;
}

/**
 * The CLI the benches run: the package's `bin` (the bundled dist/bundle/codelocal.js), or CODELOCAL_BENCH_CLI
 * (relative to the repository root, e.g. dist/cli/main.js for the unbundled modules, or absolute: another build) to compare the two.
 */
export function cliPath() {
  const root = join(import.meta.dirname, '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return resolve(root, process.env.CODELOCAL_BENCH_CLI ?? pkg.bin.codelocal);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function buildContainers() {
  const r = spawnSync('docker', ['ps', '-aq', '--no-trunc', '--filter', 'label=codelocal.role=build'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? new Set(r.stdout.split('\n').filter(Boolean)) : new Set();
}

/**
 * Runs `fn` (timed by the caller), then waits, untimed, until the codelocal build containers it made are gone.
 * A build exits without waiting for its container's removal (AutoRemove, as `docker run --rm` would without the
 * wait); the engine's removal work, still going on, slowed whichever run came next (a baseline `docker run`
 * measured 284 ms on a settled engine and up to 395 ms right after a build: docs/performance.md, fifth round).
 * Containers that were there before (kept builds) are not waited for.
 */
export function settled(fn, timeoutMs = 10_000) {
  return () => {
    const before = buildContainers();
    const t = fn();
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && [...buildContainers()].some((id) => !before.has(id))) spawnSync('sleep', ['0.05']);
    return t;
  };
}

/** Runs A and B in turn `runs` times after one warm-up each; returns medians and the median of per-pair ratios. */
export function pairs(name, timedA, timedB, runs = 5) {
  const a = settled(timedA);
  const b = settled(timedB);
  a();
  b();
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const ta = a();
    const tb = b();
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  const result = {
    name,
    runs,
    medianMs: Math.round(median(as)),
    baselineMedianMs: Math.round(median(bs)),
    ratio: Number(median(ratios).toFixed(2)),
  };
  return result;
}

export function report(result, goal) {
  const verdict =
    goal === undefined ? '' : result.ratio <= goal ? `  (goal <= ${goal}x: met)` : `  (goal <= ${goal}x: NOT met)`;
  console.log(
    `${result.name}: ${result.label ?? 'codelocal'} ${result.medianMs} ms, baseline ${result.baselineMedianMs} ms, ratio ${result.ratio}x over ${result.runs} pairs${verdict}`,
  );
}

/**
 * A buildspec running `commands` through `codelocal build` (CLI start to exit) against the same
 * commands in one `sh` of one `docker run` on the same image, pair by pair.
 */
export async function buildVsDockerRun(name, commands, goal) {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const image = process.env.CODELOCAL_BENCH_IMAGE ?? 'codelocal/standard:latest';
  const src = mkdtempSync(join(tmpdir(), 'bench-build-'));
  const state = mkdtempSync(join(tmpdir(), 'bench-state-'));
  const items = commands.map((c) => `      - ${c}\n`).join('');
  writeFileSync(join(src, 'buildspec.yml'), `version: 0.2\nphases:\n  build:\n    commands:\n${items}`);
  const cli = cliPath();
  try {
    const r = pairs(
      name,
      () =>
        timeCommand('node', [
          cli,
          'build',
          src,
          '--state-dir',
          state,
          '--image-map',
          `aws/codebuild/standard:7.0=${image}`,
        ]),
      // --entrypoint sh: the runner image's entrypoint tries to start dockerd first; the baseline should not pay for that.
      () => timeCommand('docker', ['run', '--rm', '--entrypoint', 'sh', image, '-c', commands.join('; ')]),
      Number(process.env.BENCH_RUNS ?? 5),
    );
    report(r, goal);
  } finally {
    rmSync(src, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
}
