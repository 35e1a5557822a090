/**
 * The local EKS stand-in end to end without a cluster (issue: EKS stand-in; docs/eks.md):
 * DescribeCluster over the local endpoint, a token the way `aws eks get-token` makes it, and the
 * proxy's authentication and impersonation, checked against a recording HTTPS server.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAwsServer } from '../../../../src/local-aws/aws/server.js';
import { StubView } from '../../../../src/local-aws/aws/stub-view.js';
import { LocalEks } from '../../../../src/local-aws/eks/eks-service.js';
import { LocalS3Store } from '../../../../src/stores/s3-store.js';
import type { EksClusterConfig } from '../../../../src/workspace/index.js';
import { startKubeUpstream, type KubeUpstream } from '../../../support/kube-upstream.js';

const ACCOUNT = '111122223333';
let upstream: KubeUpstream;
let server: LocalAwsServer;
let eks: LocalEks;
let url = '';
const logs: string[] = [];

function clusterConfig(over: Partial<EksClusterConfig> = {}): EksClusterConfig {
  return {
    context: 'ctx',
    kubeconfig: upstream.kubeconfig,
    version: '1.29',
    authenticationMode: 'API_AND_CONFIG_MAP',
    identities: [
      {
        principalArn: `arn:aws:iam::${ACCOUNT}:role/codelocal-build-role`,
        username: 'deployer',
        groups: ['deployers'],
        accessPolicies: [],
        source: 'accessEntry',
      },
    ],
    ...over,
  };
}

beforeAll(async () => {
  upstream = await startKubeUpstream();
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-eks-'));
  eks = new LocalEks({
    clusters: {
      demo: clusterConfig(),
      unmapped: clusterConfig({ identities: [] }),
      gone: clusterConfig({ context: 'no-such-context' }),
    },
    accountId: ACCOUNT,
    region: 'eu-west-1',
    host: '127.0.0.1',
    hostNames: ['localhost'],
    stsOrigin: () => url,
    log: (l) => logs.push(l),
  });
  server = new LocalAwsServer({
    accountId: ACCOUNT,
    region: 'eu-west-1',
    stubs: StubView.read({ projectRoot: dir }),
    s3: new LocalS3Store(join(dir, 's3')),
    ecr: { registryHost: 'r', password: 'pw', catalog: async () => [], created: new Map() },
    eks,
  });
  url = await server.listen('127.0.0.1');
});

afterAll(async () => {
  await Promise.all([server.close(), eks.close(), upstream.close()]);
});

const amzDate = (d = new Date()) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
const sigv4 = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=codelocal/20261205/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

/** What `aws eks get-token` prints as status.token: a presigned GetCallerIdentity URL, base64url. */
function eksToken(date = new Date(), signed = 'host;x-k8s-aws-id', origin = url): string {
  const q = new URLSearchParams({
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'codelocal/20261205/eu-west-1/sts/aws4_request',
    'X-Amz-Date': amzDate(date),
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': signed,
    'X-Amz-Signature': 'abc',
  });
  return `k8s-aws-v1.${Buffer.from(`${origin}/?${q}`).toString('base64url')}`;
}

async function describeCluster(name: string) {
  const r = await fetch(`${url}/clusters/${name}`, { headers: { authorization: sigv4('eks') } });
  return { status: r.status, type: r.headers.get('x-amzn-errortype'), body: (await r.json()) as any };
}

/** A GET to the cluster endpoint trusting only the CA DescribeCluster gave (as kubectl does). */
function kubeGet(endpoint: string, caB64: string, token: string | undefined, path: string, extra = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers: Record<string, string> = { ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request(`${endpoint}${path}`, { ca: Buffer.from(caB64, 'base64'), headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local EKS stand-in', () => {
  it('docs/aws/eks.md §1: DescribeCluster answers a declared cluster with an HTTPS endpoint and its CA', async () => {
    const { status, body } = await describeCluster('demo');
    expect(status).toBe(200);
    expect(body.cluster).toMatchObject({
      name: 'demo',
      arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/demo`,
      status: 'ACTIVE',
      version: '1.29',
    });
    expect(body.cluster.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(body.cluster.certificateAuthority.data, 'base64').toString()).toContain('BEGIN CERTIFICATE');
  });

  it('docs/aws/eks.md §1: an undeclared cluster is ResourceNotFoundException with EKS wording', async () => {
    const { status, type, body } = await describeCluster('nope');
    expect([status, type, body.message]).toEqual([
      404,
      'ResourceNotFoundException',
      'No cluster found for name: nope.',
    ]);
  });

  it('docs/aws/eks.md §5: a mapped build role is forwarded with the user credentials, impersonating its Kubernetes user', async () => {
    const { body } = await describeCluster('demo');
    const before = upstream.requests.length;
    const r = await kubeGet(
      body.cluster.endpoint,
      body.cluster.certificateAuthority.data,
      eksToken(),
      '/api/v1/namespaces/default/pods?limit=5',
      {
        'impersonate-user': 'system:admin',
      },
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).kind).toBe('PodList');
    const got = upstream.requests.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.url).toBe('/api/v1/namespaces/default/pods?limit=5');
    // The caller's own attempt to impersonate is dropped; the mapping decides (docs/eks.md).
    expect(got[0]!.headers['impersonate-user']).toBe('deployer');
    expect(got[0]!.headers['impersonate-group']).toBe('deployers');
    expect(got[0]!.headers.authorization).toBe('Bearer user-own-token');
    expect(got[0]!.clientCertSubject).toBe('codelocal-eks');
  });

  it('docs/aws/eks.md §4.4: an unmapped role gets EKS 401 Unauthorized, and the log names the codelocal.yml key', async () => {
    const { body } = await describeCluster('unmapped');
    const before = upstream.requests.length;
    const r = await kubeGet(body.cluster.endpoint, body.cluster.certificateAuthority.data, eksToken(), '/api');
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect(upstream.requests.length).toBe(before);
    expect(logs.join('\n')).toContain('eks.clusters.unmapped.accessEntries');
  });

  it('docs/aws/eks.md §3: no token, an expired token, an unsigned cluster header or a foreign STS URL is 401', async () => {
    const { body } = await describeCluster('demo');
    const { endpoint, certificateAuthority: ca } = body.cluster;
    const old = new Date(Date.now() - 16 * 60_000);
    for (const token of [
      undefined,
      eksToken(old),
      eksToken(new Date(), 'host'),
      eksToken(new Date(), 'host;x-k8s-aws-id', 'http://169.254.169.254'),
    ]) {
      expect((await kubeGet(endpoint, ca.data, token, '/api')).status).toBe(401);
    }
  });

  it('a context missing from the kubeconfig is a 502 naming the context (not an AWS error)', async () => {
    const { body } = await describeCluster('gone');
    const r = await kubeGet(body.cluster.endpoint, body.cluster.certificateAuthority.data, eksToken(), '/api');
    expect(r.status).toBe(502);
    expect(r.body).toContain('no-such-context');
  });
});
