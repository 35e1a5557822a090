// Watch latency (issue 15): a commit on a watched branch to the first action of the execution it
// starts going InProgress, under `pipeline watch` (the watch API from dist/). Goal: median under
// 1 s. Baseline, measured in the same run: the same execution started by hand (runPipeline) to its
// first action going InProgress, so the ratio is what watching adds on top of starting.
// The pipeline is a git source and a Manual approval: no Docker needed; each execution is stopped
// once its first action started.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { median } from './lib.mjs';

const dist = join(import.meta.dirname, '..', 'dist', 'api');
const { watchPipelines } = await import(join(dist, 'triggers', 'watch-pipelines.js'));
const { runPipeline } = await import(join(dist, 'pipeline.js'));
const { StopController } = await import(join(dist, '..', 'engine', 'pipeline', 'stop.js'));

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const GOAL_MS = 1000;
const repo = mkdtempSync(join(tmpdir(), 'bench-watch-'));
const state = mkdtempSync(join(tmpdir(), 'bench-watch-state-'));
const git = (...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@invalid', ...args], { cwd: repo });
let n = 0;
const commit = () => {
  writeFileSync(join(repo, 'file.txt'), `change ${n++}\n`);
  git('commit', '-qam', `change ${n}`);
};
writeFileSync(join(repo, 'file.txt'), 'start\n');
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-qm', 'start');

const file = join(state, 'pipeline.json');
writeFileSync(
  file,
  JSON.stringify({
    name: 'bench-watch',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'bench-artifacts' },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
            configuration: {
              ConnectionArn: 'arn:aws:codestar-connections:us-east-1:1:connection/x',
              FullRepositoryId: 'a/b',
              BranchName: 'main',
            },
            outputArtifacts: [{ name: 'Code' }],
          },
        ],
      },
      {
        name: 'Gate',
        actions: [
          { name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } },
        ],
      },
    ],
  }),
);
const common = { cwd: repo, stateDir: join(state, 'state'), stopPollMs: 0 };

/** By hand: runPipeline called → Source InProgress. */
async function byHand() {
  const stop = new StopController();
  const t0 = performance.now();
  let t1;
  const done = runPipeline({
    ...common,
    file,
    stop,
    onEvent: (e) => {
      if (e.type === 'action' && e.status === 'InProgress' && t1 === undefined) {
        t1 = performance.now();
        stop.request(true, '', 'bench');
      }
    },
  });
  await done;
  return t1 - t0;
}

/** Under watch: git commit returns → Source InProgress. */
async function underWatch(samples) {
  const ac = new globalThis.AbortController();
  let resolveAction;
  let watching;
  const ready = new Promise((r) => (watching = r));
  const done = watchPipelines({
    ...common,
    files: [file],
    signal: ac.signal,
    abandon: ac.signal,
    onWatching: () => watching(),
    onPipelineEvent: (_x, e) => {
      if (e.type === 'action' && e.status === 'InProgress') resolveAction?.(performance.now());
    },
  });
  await ready;
  const out = [];
  for (let i = 0; i < samples; i++) {
    const started = new Promise((r) => (resolveAction = r));
    commit();
    const t0 = performance.now();
    const t1 = await started;
    resolveAction = undefined;
    out.push(t1 - t0);
    await new Promise((r) => setTimeout(r, 300));
  }
  ac.abort();
  await done;
  return out;
}

try {
  await byHand(); // warm-up
  const hand = [];
  for (let i = 0; i < RUNS; i++) hand.push(await byHand());
  const watched = await underWatch(RUNS + 1);
  watched.shift(); // warm-up
  const m = Math.round(median(watched));
  const b = Math.round(median(hand));
  const verdict = m < GOAL_MS ? `goal < ${GOAL_MS} ms: met` : `goal < ${GOAL_MS} ms: NOT met`;
  console.log(
    `watch-latency: commit -> first action ${m} ms (median of ${RUNS}), started by hand ${b} ms, ratio ${(m / b).toFixed(2)}x  (${verdict})`,
  );
  process.exitCode = m < GOAL_MS ? 0 : 1;
} finally {
  rmSync(repo, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
