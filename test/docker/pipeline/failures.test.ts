/**
 * CodeBuild action failures against the engine (docs/aws/codepipeline.md §1.5, §8.11, §8.12, §8.15) in one
 * pipeline run: every action is in the same runOrder group, so each fails (or not) on its own.
 * And stop and abandon against a long-running build (§8.23).
 */
import { beforeAll, expect, it } from 'vitest';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { StopController } from '../../../src/engine/pipeline/stop.js';
import { describeDocker, getRuntime } from '../helpers.js';
import { CODEBUILD, connectionSource, gitRepo, pipelineFile, projectsFile, runIn, type Repo } from './harness.js';
import { join } from 'node:path';
import { LABEL_PID } from '../../../src/runtime/types.js';

const failing = `version: 0.2
phases:
  build:
    commands:
      - echo building
      - exit 3
  post_build:
    commands:
      - echo "post_build ran, succeeding=$CODEBUILD_BUILD_SUCCEEDING" | tee after-failure.txt
artifacts:
  files:
    - after-failure.txt
`;
const oneSecondary = `version: 0.2
phases:
  build:
    commands:
      - echo a > a.txt
artifacts:
  files:
    - a.txt
  secondary-artifacts:
    OutA:
      files:
        - a.txt
`;
const plain = `version: 0.2
phases:
  build:
    commands:
      - ls "$CODEBUILD_SRC_DIR_src_2" || true
`;

describeDocker('pipeline: CodeBuild action failures', () => {
  let repo: Repo;
  let run: Awaited<ReturnType<typeof runIn>>;
  beforeAll(async () => {
    repo = await gitRepo({ 'README.md': '# app\n' });
    const projects = projectsFile(repo.state, {
      failing: { buildspec: failing },
      'one-secondary': { buildspec: oneSecondary },
      plain: { buildspec: plain },
      sleeper: { buildspec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 60\n' },
    });
    const file = pipelineFile(repo.state, [
      { name: 'Source', actions: [connectionSource('Code', 'Code'), connectionSource('Dashed', 'src-2')] },
      {
        name: 'Build',
        actions: [
          {
            name: 'FailsBuild',
            actionTypeId: CODEBUILD,
            inputArtifacts: [{ name: 'Code' }],
            outputArtifacts: [{ name: 'AfterFail' }],
            configuration: { ProjectName: 'failing' },
          },
          {
            name: 'MissingSecondary',
            actionTypeId: CODEBUILD,
            inputArtifacts: [{ name: 'Code' }],
            outputArtifacts: [{ name: 'OutA' }, { name: 'OutB' }],
            configuration: { ProjectName: 'one-secondary' },
          },
          {
            name: 'DashedInput',
            actionTypeId: CODEBUILD,
            inputArtifacts: [{ name: 'Code' }, { name: 'src-2' }],
            configuration: { ProjectName: 'plain', PrimarySource: 'Code' },
          },
        ],
      },
    ]);
    run = await runIn(repo, file, { projectFiles: [projects] });
  });
  const action = (name: string) => run.execution.actionExecutionDetails.find((a) => a.actionName === name)!;

  it('docs/aws/codepipeline.md §8.15: a failing build still runs post_build and uploads its artifacts; the action Fails', async () => {
    expect(run.execution.status).toBe('Failed');
    const a = action('FailsBuild');
    expect(a.status).toBe('Failed');
    expect(a.output.executionResult.externalExecutionSummary).toMatch(
      /^Build terminated with state: FAILED\. Phase: BUILD/,
    );
    expect(a.output.executionResult.externalExecutionId).toMatch(/^failing:/);
    // The cause under the action, not only the phase error (issue 17).
    expect(a.codelocal.failure).toMatchObject({ phase: 'BUILD', command: 'exit 3', exitCode: 3 });
    expect(run.log).toContain('[Build.FailsBuild] post_build ran, succeeding=0');
    // UPLOAD_ARTIFACTS is attempted after a failed build: the object is in the store, unused.
    const listed = await new LocalS3Store(join(repo.state, 's3')).list(
      'pipeline-artifacts',
      'docker-pipeline/AfterFail/',
    );
    expect(listed.objects).toHaveLength(1);
  });

  it('docs/aws/codepipeline.md §8.12: an output missing from secondary-artifacts fails the action', () => {
    const a = action('MissingSecondary');
    expect(a.status).toBe('Failed');
    expect(a.output.executionResult.externalExecutionSummary).toMatch(/OutB/);
  });

  it('docs/aws/codepipeline.md §8.11 / §1.5: an input artifact name that is not a CodeBuild identifier fails at run time', () => {
    const a = action('DashedInput');
    expect(a.status).toBe('Failed');
    expect(a.output.executionResult.externalExecutionSummary).toBe(
      'Invalid input: identifier must contain only alphanumeric characters and underscores and be less than 128 characters in length',
    );
    expect(run.log).not.toContain('[Build.DashedInput] [Container]');
  });

  it('docs/aws/codepipeline.md §8.23: stop and abandon kills a long-running build: Abandoned, execution Stopped, no container left', async () => {
    const file = pipelineFile(
      repo.state,
      [
        { name: 'Source', actions: [connectionSource('Code', 'Code')] },
        {
          name: 'Build',
          actions: [
            {
              name: 'Long',
              actionTypeId: CODEBUILD,
              inputArtifacts: [{ name: 'Code' }],
              configuration: { ProjectName: 'sleeper' },
            },
          ],
        },
      ],
      'abandon-pipeline',
    );
    const stop = new StopController();
    let sawContainerLine = false;
    const started = Date.now();
    const r = await runIn(repo, file, {
      projectFiles: [join(repo.state, 'projects.json')],
      stop,
      onEvent: (e) => {
        if (
          e.type === 'log' &&
          e.action === 'Long' &&
          e.text.includes('Running command sleep 60') &&
          !sawContainerLine
        ) {
          sawContainerLine = true;
          stop.request(false);
          setTimeout(() => stop.request(true), 300);
        }
      },
    });
    expect(sawContainerLine).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.execution.status).toBe('Stopped');
    expect(r.execution.actionExecutionDetails.find((a) => a.actionName === 'Long')!.status).toBe('Abandoned');
    const runtime = await getRuntime();
    const left = await runtime.listResources({ labels: { [LABEL_PID]: String(process.pid) } });
    expect(left.filter((x) => x.kind === 'container')).toEqual([]);
  });
});
