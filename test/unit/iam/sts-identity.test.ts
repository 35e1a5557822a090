/**
 * docs/aws/iam.md §3.1: a build that runs as an action's RoleArn is a session of that role, in the role's
 * account; the local STS tells builds apart by the access key id each was given.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { LocalAwsServer } from '../../../src/local-aws/aws/server.js';
import { StubView } from '../../../src/local-aws/aws/stub-view.js';
import { accessKeyOf } from '../../../src/local-aws/aws/sts.js';

const ROLE = 'arn:aws:iam::999888777666:role/path/cross-account-role';
let dir: string;
let server: LocalAwsServer;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codelocal-sts-'));
  server = new LocalAwsServer({
    accountId: '111122223333',
    region: 'eu-west-1',
    stubs: StubView.read({ projectRoot: dir }),
    s3: new LocalS3Store(join(dir, 's3')),
    ecr: { registryHost: 'x', password: 'pw', catalog: async () => [], created: new Map() },
    roleOf: (key) => (key === 'ASIAROLEKEY' ? ROLE : undefined),
  });
  url = await server.listen('127.0.0.1');
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const callerIdentity = async (key: string) => {
  const r = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=${key}/20250101/eu-west-1/sts/aws4_request, SignedHeaders=host, Signature=x`,
    },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  return r.text();
};

describe('STS GetCallerIdentity by access key id', () => {
  it("an action role's key answers with the role's account and an assumed-role session ARN", async () => {
    const text = await callerIdentity('ASIAROLEKEY');
    expect(text).toContain('<Account>999888777666</Account>');
    expect(text).toContain('<Arn>arn:aws:sts::999888777666:assumed-role/cross-account-role/codelocal</Arn>');
  });
  it('a presigned request names its key in X-Amz-Credential', async () => {
    const q =
      'Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Credential=ASIAROLEKEY%2F20250101%2Feu-west-1%2Fsts%2Faws4_request';
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: q,
    });
    expect(await r.text()).toContain('<Account>999888777666</Account>');
  });
  it('any other key answers with the configured account', async () => {
    expect(await callerIdentity('codelocal')).toContain('<Account>111122223333</Account>');
  });
  it('reads the key from a SigV4 header', () => {
    expect(accessKeyOf('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, X')).toBe(
      'AKIDEXAMPLE',
    );
    expect(accessKeyOf(undefined)).toBeUndefined();
  });
});
