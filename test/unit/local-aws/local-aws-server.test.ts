/**
 * The local AWS endpoint's protocols, spoken the way the AWS CLI speaks them (docs/local-aws.md):
 * JSON 1.1 (ECR, SSM, Secrets Manager, CodePipeline jobs), Query (STS) and S3 REST-XML.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { LocalAwsServer } from '../../../src/local-aws/aws/server.js';
import { StubView } from '../../../src/local-aws/aws/stub-view.js';
import { addressOf } from '../../../src/local-aws/aws/s3.js';
import { decodeAwsChunked } from '../../../src/local-aws/aws/s3-chunked.js';

const dir = mkdtempSync(join(tmpdir(), 'codelocal-aws-'));
let server: LocalAwsServer;
let url = '';

beforeAll(async () => {
  writeFileSync(
    join(dir, 'codelocal.stubs.yml'),
    [
      'parameters:',
      '  /codebuild/docker-password: s3cr3t',
      '  /app/list: { value: "a,b", type: StringList }',
      '  /app/nested/x: deep',
      'secrets:',
      '  prod/myapp:',
      '    api_key: abc',
      '  rotated:',
      '    versions:',
      '      - { id: v1, stages: [AWSPREVIOUS], value: old }',
      '      - { id: v2, stages: [AWSCURRENT], value: new }',
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 's3', 'existing'), { recursive: true });
  server = new LocalAwsServer({
    accountId: '111122223333',
    region: 'eu-west-1',
    stubs: StubView.read({ projectRoot: dir }),
    s3: new LocalS3Store(join(dir, 's3')),
    ecr: {
      registryHost: '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
      password: 'pw',
      catalog: async () => ['myapp'],
      created: new Map(),
    },
    endpointHosts: ['codelocal-aws'],
  });
  url = await server.listen('127.0.0.1');
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function json(target: string, body: unknown) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any };
}

describe('JSON 1.1 services', () => {
  it('ECR GetAuthorizationToken: base64 "AWS:<password>" and the registry as proxyEndpoint', async () => {
    const r = await json('AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken', {});
    const data = r.body.authorizationData[0];
    expect(Buffer.from(data.authorizationToken, 'base64').toString()).toBe('AWS:pw');
    expect(data.proxyEndpoint).toBe('https://111122223333.dkr.ecr.eu-west-1.amazonaws.com');
    expect(typeof data.expiresAt).toBe('number');
  });

  it('ECR DescribeRepositories / CreateRepository', async () => {
    expect(
      (await json('AmazonEC2ContainerRegistry_V20150921.CreateRepository', { repositoryName: 'team/api' })).body
        .repository.repositoryUri,
    ).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/api');
    const all = await json('AmazonEC2ContainerRegistry_V20150921.DescribeRepositories', {});
    expect(all.body.repositories.map((r: any) => r.repositoryName).sort()).toEqual(['myapp', 'team/api']);
    const again = await json('AmazonEC2ContainerRegistry_V20150921.CreateRepository', { repositoryName: 'myapp' });
    expect([again.status, again.body.__type]).toEqual([400, 'RepositoryAlreadyExistsException']);
    const missing = await json('AmazonEC2ContainerRegistry_V20150921.DescribeRepositories', {
      repositoryNames: ['nope'],
    });
    expect(missing.body.__type).toBe('RepositoryNotFoundException');
  });

  it('SSM GetParameter(s) read the same stubs as the buildspec env', async () => {
    expect(
      (await json('AmazonSSM.GetParameter', { Name: '/codebuild/docker-password', WithDecryption: true })).body
        .Parameter,
    ).toMatchObject({
      Value: 's3cr3t',
      Type: 'String',
      ARN: 'arn:aws:ssm:eu-west-1:111122223333:parameter/codebuild/docker-password',
    });
    const many = await json('AmazonSSM.GetParameters', { Names: ['/app/list', '/nope'] });
    expect(many.body.Parameters[0]).toMatchObject({ Value: 'a,b', Type: 'StringList' });
    expect(many.body.InvalidParameters).toEqual(['/nope']);
    expect((await json('AmazonSSM.GetParameter', { Name: '/nope' })).body.__type).toBe('ParameterNotFound');
    const byPath = await json('AmazonSSM.GetParametersByPath', { Path: '/app', Recursive: true });
    expect(byPath.body.Parameters.map((p: any) => p.Name)).toEqual(['/app/list', '/app/nested/x']);
  });

  it('Secrets Manager GetSecretValue: JSON text, stages, missing secret', async () => {
    const r = await json('secretsmanager.GetSecretValue', { SecretId: 'prod/myapp' });
    expect(JSON.parse(r.body.SecretString)).toEqual({ api_key: 'abc' });
    expect(r.body.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod\/myapp-[A-Za-z0-9]{6}$/);
    expect(
      (await json('secretsmanager.GetSecretValue', { SecretId: 'rotated', VersionStage: 'AWSPREVIOUS' })).body
        .SecretString,
    ).toBe('old');
    expect((await json('secretsmanager.GetSecretValue', { SecretId: r.body.ARN })).body.Name).toBe('prod/myapp');
    expect((await json('secretsmanager.GetSecretValue', { SecretId: 'nope' })).body.__type).toBe(
      'ResourceNotFoundException',
    );
  });

  it('an operation no stand-in implements says so', async () => {
    const r = await json('Logs_20140328.DescribeLogGroups', {});
    expect(r.body.__type).toBe('UnknownOperationException');
  });

  it('docs/aws/codepipeline.md §2.5: PutJobSuccessResult settles the job a Lambda action waits on', async () => {
    const waiting = server.jobs.wait('job-1');
    await json('CodePipeline_20150709.PutJobSuccessResult', { jobId: 'job-1', outputVariables: { A: '1' } });
    expect(await waiting).toEqual({ status: 'Succeeded', outputVariables: { A: '1' } });
    expect(
      (
        await json('CodePipeline_20150709.PutJobFailureResult', {
          jobId: 'job-1',
          failureDetails: { type: 'JobFailed', message: 'x' },
        })
      ).body.__type,
    ).toBe('InvalidJobStateException');
  });
});

describe('STS (Query protocol)', () => {
  it('GetCallerIdentity answers XML with the configured account', async () => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(text).toContain('<Account>111122223333</Account>');
    expect(text).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
  });
});

describe('S3 (REST-XML) over the local S3 folder', () => {
  it('path-style put, get, head, range, list with delimiter, delete', async () => {
    expect(
      (await fetch(`${url}/existing/dir/a.txt`, { method: 'PUT', body: 'hello', headers: { 'x-amz-meta-who': 'me' } }))
        .status,
    ).toBe(200);
    await fetch(`${url}/existing/dir/sub/b.txt`, { method: 'PUT', body: 'b' });
    await fetch(`${url}/existing/top.txt`, { method: 'PUT', body: 't' });
    const get = await fetch(`${url}/existing/dir/a.txt`);
    expect([get.status, await get.text(), get.headers.get('x-amz-meta-who')]).toEqual([200, 'hello', 'me']);
    const range = await fetch(`${url}/existing/dir/a.txt`, { headers: { range: 'bytes=1-3' } });
    expect([range.status, await range.text()]).toEqual([206, 'ell']);
    const head = await fetch(`${url}/existing/dir/a.txt`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('5');
    const list = await (await fetch(`${url}/existing?list-type=2&delimiter=%2F&prefix=&encoding-type=url`)).text();
    expect(list).toContain('<Key>top.txt</Key>');
    expect(list).toContain('<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>');
    expect(list).toContain('<KeyCount>2</KeyCount>');
    expect((await fetch(`${url}/existing/dir/a.txt`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${url}/existing/dir/a.txt`)).status).toBe(404);
  });

  it('pages ListObjectsV2 with continuation tokens', async () => {
    await fetch(`${url}/paged`, { method: 'PUT' });
    for (const k of ['a', 'b', 'c']) await fetch(`${url}/paged/${k}`, { method: 'PUT', body: k });
    const first = await (await fetch(`${url}/paged?list-type=2&max-keys=2`)).text();
    expect(first).toContain('<IsTruncated>true</IsTruncated>');
    const token = /<NextContinuationToken>(.*)<\/NextContinuationToken>/.exec(first)![1]!;
    const second = await (
      await fetch(`${url}/paged?list-type=2&max-keys=2&continuation-token=${encodeURIComponent(token)}`)
    ).text();
    expect(second).toContain('<Key>c</Key>');
    expect(second).toContain('<IsTruncated>false</IsTruncated>');
  });

  it('a missing bucket is NoSuchBucket; CreateBucket makes the folder', async () => {
    const r = await fetch(`${url}/nobucket/k`, { method: 'PUT', body: 'x' });
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('<Code>NoSuchBucket</Code>');
    expect((await fetch(`${url}/newbucket`, { method: 'PUT' })).status).toBe(200);
    expect((await fetch(`${url}/newbucket`, { method: 'HEAD' })).status).toBe(200);
  });

  it('multipart upload: create, two parts, complete in order; abort removes the parts', async () => {
    const init = await (await fetch(`${url}/existing/big.bin?uploads`, { method: 'POST' })).text();
    const id = /<UploadId>(.*)<\/UploadId>/.exec(init)![1]!;
    const e1 = (
      await fetch(`${url}/existing/big.bin?partNumber=1&uploadId=${id}`, { method: 'PUT', body: 'part-one|' })
    ).headers.get('etag');
    const e2 = (
      await fetch(`${url}/existing/big.bin?partNumber=2&uploadId=${id}`, { method: 'PUT', body: 'part-two' })
    ).headers.get('etag');
    const xml = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${e1}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>${e2}</ETag></Part></CompleteMultipartUpload>`;
    const done = await fetch(`${url}/existing/big.bin?uploadId=${id}`, { method: 'POST', body: xml });
    expect(await done.text()).toMatch(/<ETag>&quot;[0-9a-f]{32}-2&quot;<\/ETag>/);
    expect(await (await fetch(`${url}/existing/big.bin`)).text()).toBe('part-one|part-two');
    const init2 = await (await fetch(`${url}/existing/x.bin?uploads`, { method: 'POST' })).text();
    const id2 = /<UploadId>(.*)<\/UploadId>/.exec(init2)![1]!;
    expect((await fetch(`${url}/existing/x.bin?uploadId=${id2}`, { method: 'DELETE' })).status).toBe(204);
    expect(
      (await fetch(`${url}/existing/x.bin?partNumber=1&uploadId=${id2}`, { method: 'PUT', body: 'x' })).status,
    ).toBe(404);
  });

  it('virtual-host style: bucket from the Host header', () => {
    expect(addressOf('existing.codelocal-aws:4566', '/dir/a.txt', ['codelocal-aws'])).toEqual({
      bucket: 'existing',
      key: 'dir/a.txt',
    });
    expect(addressOf('my.bucket.s3.eu-west-1.amazonaws.com', '/k%20x', [])).toEqual({
      bucket: 'my.bucket',
      key: 'k x',
    });
    expect(addressOf('172.18.0.1:4566', '/b/k/l', ['codelocal-aws'])).toEqual({ bucket: 'b', key: 'k/l' });
  });

  it('aws-chunked bodies are stored without their framing', () => {
    const framed = Buffer.from(
      '5;chunk-signature=abc\r\nhello\r\n3\r\n!!!\r\n0;chunk-signature=def\r\nx-amz-checksum-crc32:AAAA\r\n\r\n',
    );
    expect(decodeAwsChunked(framed).toString()).toBe('hello!!!');
  });
});
