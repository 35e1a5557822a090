/**
 * A small repository for check's tests, written at test time: standalone buildspecs, one buildspec run by
 * a project (defined beside it) that a pipeline in another folder names, and a buildspec with a lint error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const buildspec = (command: string): string =>
  `version: 0.2\nphases:\n  build:\n    commands:\n      - ${command}\n`;

const PROJECTS = {
  projects: [
    {
      name: 'beta-build',
      source: { type: 'CODEPIPELINE', buildspec: 'ci/buildspec.yml' },
      artifacts: { type: 'CODEPIPELINE' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
        environmentVariables: [{ name: 'FROM_PROJECT', value: 'yes', type: 'PLAINTEXT' }],
      },
    },
  ],
};

const action = (name: string, category: string, provider: string, configuration: object, io: object) => ({
  name,
  actionTypeId: { category, owner: 'AWS', provider, version: '1' },
  configuration,
  ...io,
});

export const PIPELINE = {
  pipeline: {
    name: 'beta-pipeline',
    roleArn: 'arn:aws:iam::123456789012:role/codepipeline-role',
    stages: [
      {
        name: 'Source',
        actions: [
          action(
            'Source',
            'Source',
            'S3',
            { S3Bucket: 'src-bucket', S3ObjectKey: 'src.zip' },
            { outputArtifacts: [{ name: 'Src' }] },
          ),
        ],
      },
      {
        name: 'Build',
        actions: [
          action('Build', 'Build', 'CodeBuild', { ProjectName: 'beta-build' }, { inputArtifacts: [{ name: 'Src' }] }),
        ],
      },
    ],
  },
};

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** alpha, gamma, delta: standalone; beta: run by project beta-build, which pipelines/pipeline.json names. */
export function writeRepo(root: string): void {
  writeFiles(root, {
    'alpha/buildspec.yml': buildspec('echo alpha'),
    'beta/ci/buildspec.yml': buildspec('echo beta $FROM_PROJECT'),
    'beta/projects.json': JSON.stringify(PROJECTS, null, 2),
    'pipelines/pipeline.json': JSON.stringify(PIPELINE, null, 2),
    'gamma/buildspec.yml': buildspec('sh src/app.sh'),
    'gamma/src/app.sh': 'echo gamma\n',
    'delta/buildspec.yml': buildspec('echo delta'),
  });
}
