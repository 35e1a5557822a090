/** codelocal.yml `eks:` (docs/eks.md, docs/config.md): clusters, contexts, identity mappings. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { loadConfig } from '../../../src/workspace/config.js';
import { useTempDirs } from '../stores/helpers.js';

describe('codelocal.yml eks section', () => {
  const tmp = useTempDirs();

  it('reads clusters with access entries and aws-auth rows, resolving the kubeconfig path', () => {
    const root = tmp();
    writeFileSync(
      join(root, 'codelocal.yml'),
      `eks:
  clusters:
    prod:
      context: kind-prod
      kubeconfig: kube/config
      version: "1.30"
      authenticationMode: API
      accessEntries:
        - principalArn: arn:aws:iam::123456789012:role/deployer
          kubernetesGroups: [deployers]
          accessPolicies: [AmazonEKSClusterAdminPolicy]
      mapRoles:
        - rolearn: arn:aws:iam::123456789012:role/viewer
          username: viewer
          groups: [viewers]
`,
    );
    const c = loadConfig(root).config.eks!.clusters.prod!;
    expect(c).toMatchObject({
      context: 'kind-prod',
      kubeconfig: join(root, 'kube/config'),
      version: '1.30',
      authenticationMode: 'API',
    });
    expect(c.identities).toEqual([
      {
        principalArn: 'arn:aws:iam::123456789012:role/deployer',
        username: undefined,
        groups: ['deployers'],
        accessPolicies: ['AmazonEKSClusterAdminPolicy'],
        source: 'accessEntry',
      },
      {
        principalArn: 'arn:aws:iam::123456789012:role/viewer',
        username: 'viewer',
        groups: ['viewers'],
        accessPolicies: [],
        source: 'configMap',
      },
    ]);
  });

  it('a cluster without a context, an unknown key or a bad ARN is an error with its position', () => {
    const root = tmp();
    writeFileSync(
      join(root, 'codelocal.yml'),
      `eks:
  clusters:
    a:
      contxt: x
      accessEntries:
        - principalArn: deployer
`,
    );
    let problems: string[] = [];
    try {
      loadConfig(root);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems = e.problems.map((p) => p.describe());
    }
    expect(problems.join('\n')).toMatch(/4:7.*unknown key "eks\.clusters\.a\.contxt".*did you mean 'context'/);
    expect(problems.join('\n')).toContain('eks.clusters.a.context is required');
    expect(problems.join('\n')).toContain('principalArn');
  });
});
