// Per-action cost of a pipeline (issue #14): a V2 pipeline of a local git source and 8 stages of one trivial
// Commands action each, `codelocal pipeline run` from CLI start to exit, against the same 8 commands as
// 8 sequential `docker run --rm` of the same image, pair by pair in the same run. Goal: within 1.3x.
// What codelocal adds on top of each container start is the target: the source export, one artifact
// hand-off per stage (zip, unpack), the build record and its history row, the pipeline's own state.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, pairs, report, timeCommand } from './lib.mjs';

const STAGES = Number(process.env.BENCH_STAGES ?? 8);
const image = process.env.CODELOCAL_BENCH_IMAGE ?? 'codelocal/standard:latest';
const repo = mkdtempSync(join(tmpdir(), 'bench-8-stages-'));
const state = mkdtempSync(join(tmpdir(), 'bench-8-stages-state-'));
const git = (...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@invalid', ...args], { cwd: repo });
writeFileSync(join(repo, 'README.md'), 'bench\n');
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'bench');

const source = {
  name: 'Source',
  actions: [
    {
      name: 'Code',
      actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
      configuration: {
        ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/x',
        FullRepositoryId: 'o/r',
        BranchName: 'main',
      },
      outputArtifacts: [{ name: 'Code' }],
    },
  ],
};
const stage = (i) => ({
  name: `S${i}`,
  actions: [
    {
      name: `Run${i}`,
      actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
      inputArtifacts: [{ name: 'Code' }],
      commands: [`echo stage ${i}`],
    },
  ],
});
const file = join(repo, 'pipeline.json');
writeFileSync(
  file,
  JSON.stringify({
    name: 'bench-8-stages',
    pipelineType: 'V2',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'bench-artifacts' },
    stages: [source, ...Array.from({ length: STAGES }, (_, i) => stage(i + 1))],
  }),
);

const dockerRuns = Array.from(
  { length: STAGES },
  (_, i) => `docker run --rm --entrypoint sh ${image} -c 'echo stage ${i + 1}'`,
).join(' && ');
// CODELOCAL_BENCH_CLI_VS=/path/to/other/cli.js: the baseline is that CLI on the same pipeline (after against
// before directly, docs/performance.md) instead of the docker runs.
const vs = process.env.CODELOCAL_BENCH_CLI_VS;
const runCli = (cli) => () => timeCommand('node', [cli, 'pipeline', 'run', file, '--state-dir', state], { cwd: repo });
try {
  if (vs) {
    const r = pairs(
      `pipeline of ${STAGES} stages: this CLI vs ${vs}`,
      runCli(cliPath()),
      runCli(vs),
      Number(process.env.BENCH_RUNS ?? 5),
    );
    report(r);
  } else {
    const r = pairs(
      `pipeline of ${STAGES} stages x one Commands action vs ${STAGES} sequential docker runs`,
      () =>
        timeCommand(
          'node',
          // The Commands action's image, aws/codebuild/standard:7.0, is served by codelocal/standard (the built-in map).
          [cliPath(), 'pipeline', 'run', file, '--state-dir', state],
          { cwd: repo },
        ),
      () => timeCommand('sh', ['-c', dockerRuns]),
      Number(process.env.BENCH_RUNS ?? 5),
    );
    report(r, 1.3);
  }
} finally {
  rmSync(repo, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
