// Parallel actions (issue #4): three CodeBuild actions of one runOrder that each `sleep 3` must
// overlap for real: the stage may take at most 1.2x the longest action plus the fixed start cost
// of one build. The start cost is measured in the same run (a stage with one build running `true`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const { runPipeline } = await import(join(import.meta.dirname, '..', 'dist', 'api', 'pipeline.js'));
const repo = mkdtempSync(join(tmpdir(), 'bench-parallel-'));
const state = mkdtempSync(join(tmpdir(), 'bench-parallel-state-'));
const git = (...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@invalid', ...args], { cwd: repo });
writeFileSync(join(repo, 'README.md'), 'bench\n');
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'bench');

const project = (name, cmd) => ({
  name,
  source: { type: 'CODEPIPELINE', buildspec: `version: 0.2\nphases:\n  build:\n    commands:\n      - ${cmd}\n` },
  artifacts: { type: 'CODEPIPELINE' },
  environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
});
const projects = join(state, 'projects.json');
writeFileSync(projects, JSON.stringify({ projects: [project('sleep3', 'sleep 3'), project('noop', 'true')] }));
const build = (name, projectName) => ({
  name,
  actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
  inputArtifacts: [{ name: 'Code' }],
  configuration: { ProjectName: projectName },
});
const file = join(state, 'pipeline.json');
writeFileSync(
  file,
  JSON.stringify({
    name: 'bench-parallel',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'bench-artifacts' },
    stages: [
      {
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
      },
      { name: 'StartCost', actions: [build('Noop', 'noop')] },
      { name: 'Parallel', actions: [build('A', 'sleep3'), build('B', 'sleep3'), build('C', 'sleep3')] },
    ],
  }),
);

try {
  const { execution: v } = await runPipeline({
    file,
    cwd: repo,
    stateDir: state,
    projectFiles: [projects],
    maxParallel: 4,
  });
  if (v.status !== 'Succeeded') throw new Error(`execution ${v.status}: ${v.statusSummary ?? ''}`);
  const dur = (a) => Date.parse(a.lastUpdateTime) - Date.parse(a.startTime);
  const stage = v.codelocal.stages.find((s) => s.name === 'Parallel');
  const stageMs = stage.endTime - stage.startTime;
  const actions = v.actionExecutionDetails.filter((a) => a.stageName === 'Parallel');
  const longest = Math.max(...actions.map(dur));
  const startCost = dur(v.actionExecutionDetails.find((a) => a.actionName === 'Noop'));
  const bound = 1.2 * longest + startCost;
  console.log(
    `parallel stage of 3 x sleep 3: stage ${stageMs} ms, longest action ${longest} ms, one-build start cost ${startCost} ms, ` +
      `stage/longest ${(stageMs / longest).toFixed(2)}x, bound 1.2 x longest + start cost = ${Math.round(bound)} ms ` +
      `(${stageMs <= bound ? 'met' : 'NOT met'}); serial would be ~${actions.map(dur).reduce((x, y) => x + y, 0)} ms`,
  );
} finally {
  rmSync(repo, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
