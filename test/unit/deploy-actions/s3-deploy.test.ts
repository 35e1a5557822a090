/** Deploy S3 (docs/aws/codepipeline.md §2.4) into the local S3 store, and the CLONE_REF rule (§8.16). */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractedKey } from '../../../src/engine/pipeline/actions/s3-deploy.js';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { S3_DEPLOY, pipeline, project, registry, run, source } from './helpers.js';

const FILES = { Src: { 'index.html': '<h1>hi</h1>', 'css/site.css': 'body{}' } };

function deployPipeline(config: Record<string, string>) {
  return pipeline(
    [source('Src', 'Site')],
    [
      {
        name: 'Deploy',
        actions: [
          { name: 'ToBucket', actionTypeId: S3_DEPLOY, configuration: config, inputArtifacts: [{ name: 'Site' }] },
        ],
      },
    ],
  );
}

function withBucket(def: unknown, bucket = 'www') {
  const p = project(def);
  mkdirSync(join(p.state, 's3', bucket), { recursive: true });
  return { p, s3: new LocalS3Store(join(p.state, 's3')) };
}

const action = (r: Awaited<ReturnType<typeof run>>) =>
  r.execution.actionExecutionDetails.find((a) => a.actionName === 'ToBucket')!;

describe('S3 deploy action', () => {
  it('docs/aws/codepipeline.md §2.4: Extract=true uploads every file under the ObjectKey prefix, with CacheControl/ACL/KMS recorded as metadata', async () => {
    const { p, s3 } = withBucket(
      deployPipeline({
        BucketName: 'www',
        Extract: 'true',
        ObjectKey: 'site/',
        CacheControl: 'max-age=60',
        CannedACL: 'public-read',
        KMSEncryptionKeyARN: 'arn:aws:kms:us-east-1:123456789012:key/k',
      }),
    );
    const r = await run(p, registry(FILES));
    expect(r.execution.status).toBe('Succeeded');
    expect(readFileSync(s3.objectPath('www', 'site/index.html'), 'utf8')).toBe('<h1>hi</h1>');
    expect(readFileSync(s3.objectPath('www', 'site/css/site.css'), 'utf8')).toBe('body{}');
    const head = await s3.head('www', 'site/index.html');
    expect(head?.contentType).toBe('text/html');
    expect(head?.metadata).toMatchObject({
      'cache-control': 'max-age=60',
      'canned-acl': 'public-read',
      'kms-key-id': 'arn:aws:kms:us-east-1:123456789012:key/k',
    });
  });

  it('docs/aws/codepipeline.md §2.4 (UNCERTAIN join rule): the extract prefix joins as prefix/ + relative path', () => {
    expect(extractedKey('a/b', 'x.txt')).toBe('a/b/x.txt');
    expect(extractedKey('a/b/', 'x.txt')).toBe('a/b/x.txt');
    expect(extractedKey(undefined, 'x.txt')).toBe('x.txt');
  });

  it('docs/aws/codepipeline.md §2.4: Extract=false stores the artifact zip as the one object ObjectKey', async () => {
    const { p, s3 } = withBucket(
      deployPipeline({ BucketName: 'www', Extract: 'false', ObjectKey: 'releases/site.zip' }),
    );
    const r = await run(p, registry(FILES));
    expect(r.execution.status).toBe('Succeeded');
    const zip = await s3.getObject('www', 'releases/site.zip');
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect((await s3.head('www', 'releases/site.zip'))?.contentType).toBe('application/zip');
  });

  it('docs/aws/codepipeline.md §2.4: a bucket that does not exist fails with NoSuchBucket and says how to create it', async () => {
    const p = project(deployPipeline({ BucketName: 'missing-bucket', Extract: 'true' }));
    const r = await run(p, registry(FILES));
    expect(r.execution.status).toBe('Failed');
    const summary = action(r).output.executionResult.externalExecutionSummary;
    expect(summary).toContain('NoSuchBucket');
    expect(summary).toContain('aws s3 mb s3://missing-bucket');
  });

  it('docs/aws/codepipeline.md §8.16: a CODEBUILD_CLONE_REF input into S3 deploy fails before anything is written', async () => {
    const { p, s3 } = withBucket(deployPipeline({ BucketName: 'www', Extract: 'true' }));
    const r = await run(p, registry(FILES, 'CODEBUILD_CLONE_REF'));
    expect(action(r).status).toBe('Failed');
    expect(action(r).output.executionResult.externalExecutionSummary).toContain('CODEBUILD_CLONE_REF');
    expect((await s3.list('www')).objects).toEqual([]);
  });
});
