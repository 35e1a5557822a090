#!/usr/bin/env node
/**
 * check speed goal (issue #12): `codelocal check` (lint + plan, no --run) over 500 buildspecs in under
 * 3 seconds, measured as a whole process (spawn to exit, wall clock): start-up is part of what CI waits for.
 * Generates 500 buildspecs in a temp folder (some linked to projects, so their plans use project settings),
 * runs `node dist/cli/main.js check <dir> --json` a few times and prints the median against the goal.
 *
 *   node bench/check-500.mjs [--runs N] [--files N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './lib.mjs';

const GOAL_MS = 3000;
const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli', 'main.js');
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

function buildspec(i) {
  const lines = ['version: 0.2', 'env:', '  variables:', `    SVC: svc-${i}`, 'phases:'];
  lines.push(
    '  install:',
    '    runtime-versions:',
    `      nodejs: ${i % 2 ? 18 : 20}`,
    '    commands:',
    '      - npm ci',
  );
  lines.push('  build:', '    commands:');
  for (let k = 0; k < 2 + (i % 6); k++) lines.push(`      - echo "step ${k} of ${i}"`);
  if (i % 3 === 0) lines.push('artifacts:', '  files:', "    - '**/*'", '  base-directory: dist');
  return lines.join('\n') + '\n';
}

/** Every tenth service has a projects.json whose project runs its buildspec (the project's settings apply). */
function projects(i) {
  return JSON.stringify({
    projects: [
      {
        name: `svc-${i}`,
        source: { type: 'NO_SOURCE', buildspec: 'buildspec.yml' },
        artifacts: { type: 'NO_ARTIFACTS' },
        environment: {
          type: 'LINUX_CONTAINER',
          image: 'aws/codebuild/standard:7.0',
          computeType: 'BUILD_GENERAL1_SMALL',
          environmentVariables: [{ name: 'FROM_PROJECT', value: String(i), type: 'PLAINTEXT' }],
        },
      },
    ],
  });
}

const dir = mkdtempSync(join(tmpdir(), 'codelocal-check-bench-'));
try {
  for (let i = 0; i < FILES; i++) {
    const svc = join(dir, `svc-${i}`);
    mkdirSync(svc, { recursive: true });
    writeFileSync(join(svc, 'buildspec.yml'), buildspec(i));
    if (i % 10 === 0) writeFileSync(join(svc, 'projects.json'), projects(i));
  }
  const times = [];
  let planned = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [cli, 'check', dir, '--json'], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) {
      console.error(`check exited with ${run.status}:\n${run.stderr}\n${run.stdout.slice(0, 2000)}`);
      process.exit(2);
    }
    const items = JSON.parse(run.stdout).items;
    planned = items.filter((i) => i.kind === 'buildspec' && i.steps.some((s) => s.name === 'plan')).length;
    if (r > 0) times.push(ms); // the first run warms the disk cache
  }
  if (planned !== FILES) {
    console.error(`expected ${FILES} buildspecs planned, check planned ${planned}`);
    process.exit(2);
  }
  const m = median(times);
  console.log(
    `check (lint + plan) ${FILES} buildspecs: median ${m.toFixed(0)} ms over ${RUNS} runs (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`,
  );
  console.log(`goal ${GOAL_MS} ms: ${(m / GOAL_MS).toFixed(2)}x of the goal (${m < GOAL_MS ? 'met' : 'NOT met'})`);
  process.exitCode = m < GOAL_MS ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
