/**
 * The CodeBuild action against the engine: inputs and outputs (docs/aws/codepipeline.md §8.11, §8.12),
 * exported variables downstream (§8.13), environment precedence (§8.14) and source artifact
 * shapes (§8.16). One pipeline run; each `it` checks one rule on it.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import {
  CODEBUILD,
  CODECOMMIT,
  connectionSource,
  gitRepo,
  pipelineFile,
  projectsFile,
  runIn,
  type Repo,
} from './harness.js';

const producer = `version: 0.2
env:
  variables:
    X: buildspec
    Z: buildspec
  exported-variables:
    - V
    - AWS_FOO
    - PROJECT_ONLY
phases:
  build:
    commands:
      - export V=1 AWS_FOO=nope PROJECT_ONLY=$Y
      - mkdir -p o1 o2
      - echo "X=$X Y=$Y Z=$Z" > o1/env.txt
      - if [ -e .git ]; then echo "CODE_ZIP has .git" > o1/problems.txt; fi
      - if [ -e link-to-readme ]; then echo "CODE_ZIP has a symlink" >> o1/problems.txt; fi
      - test -f README.md
      - (cd "$CODEBUILD_SRC_DIR_Clone" && git log --format=%H > "$CODEBUILD_SRC_DIR/o2/history.txt" && test -L link-to-readme && echo yes > "$CODEBUILD_SRC_DIR/o2/clone-has-symlink.txt")
      - echo "$CODEBUILD_SOURCE_VERSION" > o2/source-version.txt
      - echo "$CODEBUILD_INITIATOR" > o2/initiator.txt
  post_build:
    commands:
      - export V=2
artifacts:
  files:
    - '**/*'
  base-directory: o1
  secondary-artifacts:
    Built1:
      base-directory: o1
      files:
        - '**/*'
    Built2:
      base-directory: o2
      files:
        - '**/*'
`;

const consumer = `version: 0.2
phases:
  build:
    commands:
      - echo "V_SEEN=$V_SEEN AWS_SEEN=[$AWS_SEEN]"
      - cat env.txt
      - test ! -e problems.txt || cat problems.txt
      - ls "$CODEBUILD_SRC_DIR_Built2"
      - echo "history $(wc -l < "$CODEBUILD_SRC_DIR_Built2/history.txt")"
      - echo "primary=$CODEBUILD_SRC_DIR"
`;

describeDocker('pipeline: CodeBuild action mapping', () => {
  let repo: Repo;
  let run: Awaited<ReturnType<typeof runIn>>;
  beforeAll(async () => {
    repo = await gitRepo({ 'README.md': '# app\n' }, { symlinks: { 'link-to-readme': 'README.md' } });
    const projects = projectsFile(repo.state, {
      producer: { buildspec: producer, env: { X: 'project', Y: 'project' } },
      consumer: { buildspec: consumer },
    });
    const file = pipelineFile(repo.state, [
      {
        name: 'Source',
        actions: [
          connectionSource('Code', 'Code'),
          {
            name: 'Clone',
            actionTypeId: CODECOMMIT,
            configuration: { RepositoryName: 'app', BranchName: 'main', OutputArtifactFormat: 'CODEBUILD_CLONE_REF' },
            outputArtifacts: [{ name: 'Clone' }],
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Produce',
            actionTypeId: CODEBUILD,
            namespace: 'ProduceNS',
            inputArtifacts: [{ name: 'Code' }, { name: 'Clone' }],
            outputArtifacts: [{ name: 'Built1' }, { name: 'Built2' }],
            configuration: {
              ProjectName: 'producer',
              PrimarySource: 'Code',
              EnvironmentVariables: JSON.stringify([{ name: 'X', value: 'action', type: 'PLAINTEXT' }]),
            },
          },
          {
            name: 'Consume',
            runOrder: 2,
            actionTypeId: CODEBUILD,
            inputArtifacts: [{ name: 'Built1' }, { name: 'Built2' }],
            configuration: {
              ProjectName: 'consumer',
              PrimarySource: 'Built1',
              EnvironmentVariables: JSON.stringify([
                { name: 'V_SEEN', value: '#{ProduceNS.V}' },
                { name: 'AWS_SEEN', value: '#{ProduceNS.PROJECT_ONLY}' },
              ]),
            },
          },
        ],
      },
    ]);
    run = await runIn(repo, file, { projectFiles: [projects] });
    if (run.execution.status !== 'Succeeded') console.error(run.log);
  });

  const action = (name: string) => run.execution.actionExecutionDetails.find((a) => a.actionName === name)!;

  it('docs/aws/codepipeline.md §8.11: the primary input is CODEBUILD_SRC_DIR, the other one CODEBUILD_SRC_DIR_<ArtifactName>', () => {
    expect(run.execution.status).toBe('Succeeded');
    expect(run.log).toMatch(/\[Build\.Consume\] .*CODEBUILD_SRC_DIR_Built2=\/codebuild\/output\/src\d+\/src\/s3\/01/);
    expect(run.log).toMatch(/\[Build\.Consume\] primary=\/codebuild\/output\/src\d+\/src\/s3\/00/);
    expect(run.log).toContain('[Build.Produce] ');
  });

  it('docs/aws/codepipeline.md §8.12: two outputs come from secondary-artifacts by identifier', () => {
    const outs = action('Produce').output.outputArtifacts;
    expect(outs.map((o) => o.name)).toEqual(['Built1', 'Built2']);
    expect(outs[0]!.s3location.key).toMatch(/^docker-pipeline\/Built1\/[A-Za-z0-9]{7}$/);
    expect(run.log).toMatch(/\[Build\.Consume\] clone-has-symlink\.txt/);
  });

  it('docs/aws/codepipeline.md §8.13: exported variables reach #{ns.VAR} frozen after post_build; AWS_* are not exported', () => {
    expect(action('Produce').output.outputVariables).toEqual({ V: '2', PROJECT_ONLY: 'project' });
    expect(run.log).toContain('V_SEEN=2 AWS_SEEN=[project]');
  });

  it('docs/aws/codepipeline.md §8.14: action EnvironmentVariables > project > buildspec', () => {
    expect(run.log).toContain('X=action Y=project Z=buildspec');
  });

  it('docs/aws/codepipeline.md §8.16: CODE_ZIP has no .git and no symlinks; CODEBUILD_CLONE_REF gives CodeBuild a clone with history', () => {
    // problems.txt is printed by the consumer only if the producer found .git or the symlink.
    expect(run.log).not.toMatch(/^\[Build\.Consume\] CODE_ZIP has/m);
    expect(run.log).toContain('[Source.Code] left out 1 symlink(s), as CodePipeline does: link-to-readme');
    expect(run.log).toContain('[Build.Consume] history 2');
    const clone = action('Clone');
    expect(clone.status).toBe('Succeeded');
  });

  it('docs/aws/codepipeline.md §2.2: CODEBUILD_SOURCE_VERSION is the input artifact ARN, CODEBUILD_INITIATOR codepipeline/<name>', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { extractZip } = await import('../../../src/archive/index.js');
    const { tempFolder } = await import('../../../src/engine/pipeline/artifacts.js');
    const { StateDir } = await import('../../../src/workspace/index.js');
    const out = action('Produce').output.outputArtifacts[1]!.s3location;
    const dir = tempFolder(new StateDir(repo.state), 'check');
    await extractZip(join(repo.state, 's3', out.bucket, ...out.key.split('/')), dir);
    const code = action('Produce').input.inputArtifacts[0]!.s3location;
    expect(readFileSync(join(dir, 'source-version.txt'), 'utf8').trim()).toBe(
      `arn:aws:s3:::${code.bucket}/${code.key}`,
    );
    expect(readFileSync(join(dir, 'initiator.txt'), 'utf8').trim()).toBe('codepipeline/docker-pipeline');
  });
});
