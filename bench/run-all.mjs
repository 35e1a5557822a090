#!/usr/bin/env node
/**
 * `npm run bench`: runs every bench in bench/, one after another (they measure wall-clock time, so they must
 * not share the machine with each other), printing each one's figures as it goes and a summary at the end.
 * A bench whose needs are not met here (the built dist/, a Docker engine, the runner image) is skipped with a
 * line saying why, never silently. Each bench still runs on its own: `node bench/<name>.mjs`.
 *
 *   node bench/run-all.mjs [--only a,b] [--no-docker] [--list] [--dry-run]
 *
 * --dry-run checks each bench's needs and says what would run or be skipped, without running anything.
 *
 * Environment knobs of the benches themselves (BENCH_RUNS, BENCH_FILES, ...) pass through unchanged.
 * Exit code: 0 when every bench that ran exited 0 (skips included), 1 otherwise (a bench exits non-zero when
 * it fails or, for some, when its goal is not met).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = import.meta.dirname;
const root = join(benchDir, '..');
const RUNNER_IMAGE = process.env.CODELOCAL_BENCH_IMAGE ?? 'codelocal/standard:latest';

/** What each bench needs, read from its source; a new bench not listed here runs with `dist` only. */
const NEEDS = {
  'artifact-handoff.mjs': ['dist', 'tar'],
  'build-100-commands.mjs': ['dist', 'docker', 'runner-image'],
  'build-one-command.mjs': ['dist', 'docker', 'runner-image'],
  // Skips itself, with a note, when gitlab-ci-local (not a project dependency) is not installed.
  'gitlab-ci-local.mjs': ['docker', 'runner-image', 'git'],
  'check-500.mjs': ['dist'],
  'check-run-40.mjs': ['dist', 'docker', 'runner-image', 'git'],
  // Skips itself, with a note, unless BENCH_IMAGES_COLD=1 (a cold build takes minutes and GBs).
  'images-cold.mjs': ['dist', 'docker'],
  'lint-500.mjs': ['dist'],
  'pipeline-8-stages.mjs': ['dist', 'docker', 'runner-image', 'git'],
  'pipeline-parallel.mjs': ['dist', 'docker', 'runner-image', 'git'],
  'seed-pipeline.mjs': ['dist', 'docker', 'runner-image', 'git'],
  'watch-latency.mjs': ['dist', 'git'],
  // Chromium is optional: without it the bench says so and measures the SSE client only.
  'ui-executions.mjs': ['dist'],
};
const NOT_BENCHES = new Set(['lib.mjs', 'run-all.mjs']);

function flag(name) {
  return process.argv.includes(name);
}

function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function succeeds(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
  return r.status === 0;
}

/** Each need's check, evaluated once: undefined when met, else the reason a bench needing it is skipped. */
function needChecks() {
  const cache = new Map();
  const checks = {
    dist: () =>
      existsSync(join(root, 'dist', 'cli', 'main.js')) ? undefined : "dist/ is missing: run 'npm run build'",
    tar: () => (succeeds('tar', ['--version']) ? undefined : 'no `tar` on PATH (the baseline it compares with)'),
    git: () => (succeeds('git', ['--version']) ? undefined : 'no `git` on PATH'),
    docker: () =>
      flag('--no-docker')
        ? 'Docker benches not requested (--no-docker)'
        : succeeds('docker', ['info'])
          ? undefined
          : 'no reachable Docker engine (`docker info` failed)',
    'runner-image': () =>
      succeeds('docker', ['image', 'inspect', RUNNER_IMAGE])
        ? undefined
        : `runner image ${RUNNER_IMAGE} is not built (scripts/setup.sh, or set CODELOCAL_BENCH_IMAGE)`,
  };
  return (need) => {
    if (!cache.has(need)) cache.set(need, checks[need] ? checks[need]() : `unknown need '${need}'`);
    return cache.get(need);
  };
}

function discoverBenches() {
  const all = readdirSync(benchDir)
    .filter((f) => f.endsWith('.mjs') && !NOT_BENCHES.has(f))
    .sort();
  const only = option('--only')
    ?.split(',')
    .map((n) => (n.endsWith('.mjs') ? n : `${n}.mjs`));
  return only ? all.filter((f) => only.includes(f)) : all;
}

function runBench(file, unmet) {
  const needs = NEEDS[file] ?? ['dist'];
  const reason = needs.map(unmet).find((r) => r !== undefined);
  if (reason) {
    console.log(`SKIPPED ${file}: ${reason}`);
    return { file, status: `skipped: ${reason}` };
  }
  if (flag('--dry-run')) {
    console.log(`would run ${file} (needs ${needs.join(', ')}: all met)`);
    return { file, status: 'would run' };
  }
  if (!NEEDS[file]) console.log(`(${file} is not described in bench/run-all.mjs; assuming it needs dist/ only)`);
  console.log(`\n=== ${file} (needs ${needs.join(', ')})`);
  const start = Date.now();
  const r = spawnSync(process.execPath, [join(benchDir, file)], { stdio: 'inherit', cwd: root });
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  const exit = r.status ?? r.signal;
  console.log(`=== ${file}: exit ${exit} after ${seconds} s`);
  return {
    file,
    status: r.status === 0 ? `ok (${seconds} s)` : `exit ${exit} after ${seconds} s`,
    failed: r.status !== 0,
  };
}

const benches = discoverBenches();
if (flag('--list')) {
  for (const file of benches) console.log(`${file}: needs ${(NEEDS[file] ?? ['dist']).join(', ')}`);
  process.exit(0);
}
if (benches.length === 0) {
  console.error('no bench matched');
  process.exit(2);
}
const unmet = needChecks();
const results = benches.map((file) => runBench(file, unmet));
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.file.padEnd(26)} ${r.status}`);
process.exitCode = results.some((r) => r.failed) ? 1 : 0;
