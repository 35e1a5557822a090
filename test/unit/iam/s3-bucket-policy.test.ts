/**
 * docs/aws/iam.md §3.3, §3.4: S3 requests a build makes as an action's role of another account are decided
 * by the bucket policy: what it admits works, the rest is S3's 403 AccessDenied.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { LocalAwsServer } from '../../../src/local-aws/aws/server.js';
import { StubView } from '../../../src/local-aws/aws/stub-view.js';
import { bucketRequestRefused, emptyPolicySet, parsePolicy } from '../../../src/model/index.js';

const ROLE = 'arn:aws:iam::999888777666:role/deployer';
const set = emptyPolicySet('111122223333', 'eu-west-1');
set.buckets.set('shared', {
  name: 'shared',
  where: 'test',
  policy: parsePolicy(
    {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' },
        { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::shared' },
      ],
    },
    'test',
  ),
});

let dir: string;
let server: LocalAwsServer;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codelocal-s3pol-'));
  mkdirSync(join(dir, 's3', 'shared'), { recursive: true });
  writeFileSync(join(dir, 's3', 'shared', 'a.txt'), 'a');
  server = new LocalAwsServer({
    accountId: '111122223333',
    region: 'eu-west-1',
    stubs: StubView.read({ projectRoot: dir }),
    s3: new LocalS3Store(join(dir, 's3')),
    ecr: { registryHost: 'x', password: 'pw', catalog: async () => [], created: new Map() },
    roleOf: (key) => (key === 'ASIAROLE' ? ROLE : undefined),
    s3Refusal: (r) => {
      const role = r.accessKeyId === 'ASIAROLE' ? ROLE : undefined;
      return role ? bucketRequestRefused(set, role, r.bucket, r.key, r.action, r.context) : undefined;
    },
  });
  url = await server.listen('127.0.0.1');
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const as = (key: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${key}/20250101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=x`,
});

describe('bucket policies on S3 requests of a cross-account role', () => {
  it('what the policy admits works: GetObject, ListBucket on the bucket ARN', async () => {
    const get = await fetch(`${url}/shared/a.txt`, { headers: as('ASIAROLE') });
    expect([get.status, await get.text()]).toEqual([200, 'a']);
    expect((await fetch(`${url}/shared?list-type=2`, { headers: as('ASIAROLE') })).status).toBe(200);
  });
  it('the rest is 403 AccessDenied "Access Denied"', async () => {
    const put = await fetch(`${url}/shared/b.txt`, { method: 'PUT', body: 'b', headers: as('ASIAROLE') });
    expect(put.status).toBe(403);
    const text = await put.text();
    expect(text).toContain('<Code>AccessDenied</Code>');
    expect(text).toContain('<Message>Access Denied</Message>');
    expect((await fetch(`${url}/shared/a.txt`, { method: 'DELETE', headers: as('ASIAROLE') })).status).toBe(403);
  });
  it("the pipeline account's own builds are not restricted by it", async () => {
    const put = await fetch(`${url}/shared/c.txt`, { method: 'PUT', body: 'c', headers: as('codelocal') });
    expect(put.status).toBe(200);
  });
});
