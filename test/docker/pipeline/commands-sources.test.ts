/**
 * The Commands action (docs/aws/codepipeline.md §2.3) fed by an S3 source and an ECR source (§2.1, §3.4),
 * in one V2 pipeline against the engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { createZip } from '../../../src/archive/index.js';
import { describeDocker, ensureTinyImage, getRuntime } from '../helpers.js';
import { gitRepo, pipelineFile, runIn, type Repo } from './harness.js';

describeDocker('pipeline: Commands action with S3 and ECR sources', () => {
  let repo: Repo;
  let run: Awaited<ReturnType<typeof runIn>>;
  beforeAll(async () => {
    await ensureTinyImage(await getRuntime());
    repo = await gitRepo({ 'README.md': '# app\n' });
    const s3 = new LocalS3Store(join(repo.state, 's3'));
    const src = mkdtempSync(join(tmpdir(), 'codelocal-s3src-'));
    writeFileSync(join(src, 'hello.txt'), 'from s3\n');
    s3.createBucket('source-bucket');
    const zip = join(src, 'app.zip');
    await createZip([{ path: 'hello.txt', file: join(src, 'hello.txt') }], zip);
    await s3.putObject('source-bucket', 'app.zip', { file: zip });
    const file = pipelineFile(repo.state, [
      {
        name: 'Source',
        actions: [
          {
            name: 'FromS3',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
            configuration: { S3Bucket: 'source-bucket', S3ObjectKey: 'app.zip' },
            outputArtifacts: [{ name: 'S3Out' }],
          },
          {
            name: 'FromEcr',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'ECR', version: '1' },
            configuration: { RepositoryName: 'codelocal-test/busybox' },
            outputArtifacts: [{ name: 'EcrOut' }],
            namespace: 'Image',
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Run',
            actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
            inputArtifacts: [{ name: 'S3Out' }, { name: 'EcrOut' }],
            outputArtifacts: [{ name: 'Made', files: ['made/**/*'] }],
            commands: [
              'cat hello.txt',
              'cat "$CODEBUILD_SRC_DIR_EcrOut/imageDetail.json"',
              'export IMAGE_SEEN="#{Image.ImageURI}"',
              'mkdir -p made && echo "$GREETING" | tee made/greeting.txt',
            ],
            outputVariables: ['IMAGE_SEEN'],
            environmentVariables: [{ name: 'GREETING', value: 'hi #{codepipeline.PipelineExecutionId}' }],
          },
        ],
      },
    ]);
    // Commands needs a V2 pipeline.
    const text = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...text, pipelineType: 'V2' }));
    run = await runIn(repo, file);
    if (run.execution.status !== 'Succeeded') console.error(run.log);
  });
  const action = (name: string) => run.execution.actionExecutionDetails.find((a) => a.actionName === name)!;

  it('docs/aws/codepipeline.md §2.1: the S3 source passes the object as is, with ETag and VersionId variables', () => {
    expect(run.execution.status).toBe('Succeeded');
    expect(run.log).toContain('[Build.Run] from s3');
    expect(Object.keys(action('FromS3').output.outputVariables).sort()).toEqual(['ETag', 'VersionId']);
  });

  it('docs/aws/codepipeline.md §3.4: the ECR source writes imageDetail.json with string values and a digest ImageURI', () => {
    const vars = action('FromEcr').output.outputVariables;
    expect(vars.ImageURI).toMatch(
      /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/codelocal-test\/busybox@sha256:[0-9a-f]{64}$/,
    );
    expect(vars.ImageTag).toBe('latest');
    expect(run.log).toMatch(/"ImageSizeInBytes": "\d+"/);
  });

  it('docs/aws/codepipeline.md §2.3: commands run as a build phase; outputVariables export; files select the artifact', () => {
    const a = action('Run');
    expect(a.status).toBe('Succeeded');
    expect(a.output.outputVariables.IMAGE_SEEN).toBe(action('FromEcr').output.outputVariables.ImageURI);
    expect(a.output.outputArtifacts.map((o) => o.name)).toEqual(['Made']);
    expect(run.log).toContain(`hi ${run.execution.pipelineExecutionId}`);
  });
});
