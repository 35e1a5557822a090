#!/usr/bin/env node
/**
 * Lint speed goal (issue #6): `codelocal lint` over 500 buildspec files in under 2 seconds, measured as a
 * whole process (spawn to exit, wall clock) because start-up is part of what a user waits for.
 * Generates 500 varied buildspecs in a temp folder, runs `node dist/cli/main.js lint <dir> --format json`
 * a few times and prints the median and its ratio to the goal. Needs only Node and `npm run build`.
 *
 *   node bench/lint-500.mjs [--runs N] [--files N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from './lib.mjs';

const GOAL_MS = 2000;
const cli = cliPath();
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 5);
const FILES = arg('--files', 500);

if (!existsSync(cli)) {
  console.error(`missing ${cli}: run 'npm run build' first`);
  process.exit(2);
}

const RUNTIMES = [
  ['nodejs', '20'],
  ['python', '"3.12"'],
  ['python', '3.10'], // the classic YAML number mistake, on purpose
  ['java', 'corretto17'],
  ['golang', '1.22'],
];

/** A buildspec shaped by `i`: different sections, sizes and (for some) mistakes, so every rule runs. */
function buildspec(i) {
  const [rt, ver] = RUNTIMES[i % RUNTIMES.length];
  const lines = ['version: 0.2', ''];
  if (i % 3 === 0) {
    lines.push('env:', '  variables:', `    APP_NAME: app-${i}`, `    STAGE: ${i % 2 ? 'dev' : 'prod'}`);
    if (i % 6 === 0) lines.push('  parameter-store:', `    DB_PASSWORD: /app/${i}/db-password`);
    if (i % 9 === 0) lines.push('  secrets-manager:', `    API_KEY: prod/app-${i}:api_key`);
    if (i % 12 === 0) lines.push('  exported-variables:', '    - IMAGE_TAG');
  }
  lines.push(
    'phases:',
    '  install:',
    '    runtime-versions:',
    `      ${rt}: ${ver}`,
    '    commands:',
    '      - echo installing',
  );
  if (i % 4 === 0) lines.push('      - apt-get update && apt-get install -y jq');
  lines.push('  pre_build:', '    commands:', '      - COMMIT=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)');
  if (i % 5 === 0)
    lines.push(
      '      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com',
    );
  lines.push('  build:', '    commands:');
  for (let k = 0; k < 3 + (i % 8); k++) lines.push(`      - echo "step ${k} of build ${i}"`);
  if (i % 5 === 0) lines.push('      - docker build -t $REPOSITORY_URI:$COMMIT .');
  if (i % 7 === 0) lines.push('      - |', '        set -e', '        npm ci', '        npm test');
  if (i % 11 === 0) lines.push('      - helm upgrade --install app ./chart --wait --timeout 5m');
  lines.push('    finally:', '      - echo done');
  lines.push('  post_build:', '    commands:', '      - echo "built on $(date)"');
  if (i % 2 === 0) lines.push('artifacts:', '  files:', '    - "**/*"', '  base-directory: dist');
  if (i % 8 === 0) lines.push('cache:', '  paths:', "    - '/root/.npm/**/*'");
  if (i % 10 === 0) lines.push('reports:', '  unit:', '    files:', '      - report.xml', '    file-format: JUNITXML');
  return lines.join('\n') + '\n';
}

const dir = mkdtempSync(join(tmpdir(), 'codelocal-lint-bench-'));
try {
  for (let i = 0; i < FILES; i++) {
    // Mostly buildspec*.yml at various depths, some in buildspecs/ folders, as repositories lay them out.
    const sub = i % 4 === 0 ? join(`svc-${i % 25}`, 'buildspecs') : `svc-${i % 25}`;
    const name = i % 4 === 0 ? `stage-${i}.yml` : `buildspec-${i}.yml`;
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, name), buildspec(i));
  }
  const times = [];
  let checked = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [cli, 'lint', dir, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0 && run.status !== 1) {
      console.error(`lint exited with ${run.status}:\n${run.stderr}`);
      process.exit(2);
    }
    checked = JSON.parse(run.stdout).files.length;
    if (r > 0) times.push(ms); // the first run warms the disk cache
  }
  if (checked !== FILES) {
    console.error(`expected ${FILES} files to be checked, lint reported ${checked}`);
    process.exit(2);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `lint ${FILES} buildspecs: median ${median.toFixed(0)} ms over ${RUNS} runs (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})`,
  );
  console.log(
    `goal ${GOAL_MS} ms: ${(median / GOAL_MS).toFixed(2)}x of the goal (${median < GOAL_MS ? 'met' : 'NOT met'})`,
  );
  process.exitCode = median < GOAL_MS ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
