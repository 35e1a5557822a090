/**
 * The end-to-end EKS path against a REAL cluster (kind, k3d, minikube, a development cluster): runs
 * only when CODELOCAL_TEST_KUBE_CONTEXT names a kubeconfig context (vitest.config.ts collects it only then),
 * since no Kubernetes server can be installed on CI machines (docs/eks.md). The host's kubectl is copied into the source, as the seed's
 * buildspec downloads one.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { runSpec, spec } from '../codebuild/harness.js';

const context = process.env.CODELOCAL_TEST_KUBE_CONTEXT;

describeDocker('EKS stand-in against a real cluster', () => {
  it.skipIf(!context)(
    'update-kubeconfig + kubectl as the mapped role: the cluster sees the impersonated user',
    async () => {
      const kubectl = execaSync('sh', ['-c', 'command -v kubectl']).stdout.trim();
      const { build, log } = await runSpec(
        {
          'buildspec.yml': spec(`phases:
  pre_build:
    commands:
      - aws eks update-kubeconfig --name demo
  build:
    commands:
      - ./kubectl auth whoami -o jsonpath='{.status.userInfo.username}{"\\n"}'
      - ./kubectl get namespaces
`),
          'codelocal.yml': `eks:
  clusters:
    demo:
      context: ${context}
      accessEntries:
        - principalArn: arn:aws:iam::123456789012:role/codelocal-build-role
          username: codelocal-deployer
          accessPolicies: [AmazonEKSClusterAdminPolicy]
`,
        },
        (dir) => {
          copyFileSync(kubectl, join(dir, 'kubectl'));
          return { localAws: true };
        },
      );
      expect(log).toContain('codelocal-deployer');
      expect(build.buildStatus).toBe('SUCCEEDED');
    },
  );
});
