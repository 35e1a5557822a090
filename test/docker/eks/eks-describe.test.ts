/**
 * The seed's `aws eks update-kubeconfig` step against the local EKS stand-in, with the real AWS CLI
 * of the runner image (issue: EKS stand-in; docs/eks.md): the kubeconfig it writes reaches the proxy,
 * whose token check and impersonation are recorded by an HTTPS server standing in for the cluster.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { runSpec, spec } from '../codebuild/harness.js';
import { startKubeUpstream, type KubeUpstream } from '../../support/kube-upstream.js';

let upstream: KubeUpstream;
beforeAll(async () => {
  upstream = await startKubeUpstream();
});
afterAll(async () => upstream?.close());

const config = (roleMapped: boolean) => `eks:
  clusters:
    demo:
      context: ctx
      kubeconfig: ${upstream.kubeconfig}
      accessEntries:
        - principalArn: arn:aws:iam::123456789012:role/${roleMapped ? 'codelocal-build-role' : 'someone-else'}
          kubernetesGroups: [deployers]
`;

/** update-kubeconfig, then what kubectl would send: the exec plugin's token to the kubeconfig's server. */
const buildspec = spec(`phases:
  build:
    commands:
      - aws eks update-kubeconfig --name demo
      - 'grep -q "command: aws" ~/.kube/config && echo "exec plugin=aws"'
      - SERVER=$(aws eks describe-cluster --name demo --query cluster.endpoint --output text)
      - 'grep -q "server: $SERVER" ~/.kube/config && echo "kubeconfig server ok"'
      - aws eks describe-cluster --name demo --query cluster.certificateAuthority.data --output text | base64 -d > ca.pem
      - TOKEN=$(aws eks get-token --cluster-name demo --query status.token --output text)
      - 'curl -sS --cacert ca.pem -H "Authorization: Bearer $TOKEN" -o out.json -w "http=%{http_code}\\n" "$SERVER/api/v1/namespaces/myapp/pods"'
      - cat out.json; echo
      - grep -q PodList out.json
`);

describeDocker('EKS stand-in through the AWS CLI', () => {
  it('docs/aws/eks.md §2, §3: update-kubeconfig writes a working kubeconfig; a mapped role reaches the cluster impersonated', async () => {
    const before = upstream.requests.length;
    const { build, log } = await runSpec(
      { 'buildspec.yml': buildspec, 'codelocal.yml': config(true) },
      { localAws: true },
    );
    expect(log).toContain('exec plugin=aws');
    expect(log).toContain('kubeconfig server ok');
    expect(log).toContain('http=200');
    expect(build.buildStatus).toBe('SUCCEEDED');
    const got = upstream.requests.slice(before);
    expect(got.map((r) => r.url)).toEqual(['/api/v1/namespaces/myapp/pods']);
    expect(got[0]!.headers['impersonate-user']).toBe(
      'arn:aws:sts::123456789012:assumed-role/codelocal-build-role/codelocal',
    );
    expect(got[0]!.headers['impersonate-group']).toBe('deployers');
  });

  it('docs/aws/eks.md §4.4: an unmapped role fails as on EKS (401 Unauthorized) and never reaches the cluster', async () => {
    const before = upstream.requests.length;
    const { build, log } = await runSpec(
      { 'buildspec.yml': buildspec, 'codelocal.yml': config(false) },
      { localAws: true },
    );
    expect(log).toContain('http=401');
    expect(log).toContain('"reason":"Unauthorized"');
    expect(build.buildStatus).toBe('FAILED');
    expect(upstream.requests.length).toBe(before);
  });
});
