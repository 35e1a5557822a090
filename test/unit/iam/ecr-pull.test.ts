/**
 * docs/aws/iam.md §3.5: pulling from another account's ECR repository needs that repository's policy to
 * admit the puller; the same account needs nothing from it. Checked where codelocal pulls a task image.
 */
import { describe, expect, it } from 'vitest';
import { addTemplatePolicies, emptyPolicySet, parseTemplate } from '../../../src/model/index.js';
import { pullRefusal } from '../../../src/local-aws/ecs/pull-access.js';

const PULLER = 'arn:aws:iam::999888777666:role/ecs-deploy';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2';

function policiesWith(repositoryPolicy?: unknown) {
  const template = {
    Resources: {
      Repo: {
        Type: 'AWS::ECR::Repository',
        Properties: { RepositoryName: 'web', ...(repositoryPolicy ? { RepositoryPolicyText: repositoryPolicy } : {}) },
      },
    },
  };
  const set = emptyPolicySet('123456789012', 'us-east-1');
  expect(addTemplatePolicies(set, parseTemplate(JSON.stringify(template), 'template.json'))).toEqual([]);
  return set;
}

const seedPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowPull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999888777666:root' },
      Action: ['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:BatchCheckLayerAvailability'],
    },
  ],
};

describe('ECR cross-account pulls', () => {
  const logs: string[] = [];
  const log = (l: string) => logs.push(l);

  it('refused without a repository policy, with the registry text and the fix', () => {
    const r = pullRefusal({ policies: policiesWith() }, PULLER, IMAGE, log);
    expect(r).toContain('CannotPullContainerError');
    expect(r).toContain(
      'is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:123456789012:repository/web',
    );
    expect(logs.join('\n')).toContain(
      'fix: add a RepositoryPolicyText statement allowing arn:aws:iam::999888777666:root',
    );
  });

  it('allowed when the repository policy admits the account (the seed document example)', () => {
    expect(pullRefusal({ policies: policiesWith(seedPolicy) }, PULLER, IMAGE, log)).toBeUndefined();
    // RepositoryPolicyText written as JSON text is read the same way.
    expect(pullRefusal({ policies: policiesWith(JSON.stringify(seedPolicy)) }, PULLER, IMAGE, log)).toBeUndefined();
  });

  it('refused when the policy admits another account only', () => {
    const other = JSON.parse(JSON.stringify(seedPolicy).replace('999888777666', '111111111111'));
    expect(pullRefusal({ policies: policiesWith(other) }, PULLER, IMAGE, log)).toContain('ecr:BatchGetImage');
  });

  it('the same account pulls without a repository policy; images outside ECR are not checked', () => {
    expect(pullRefusal({ policies: policiesWith() }, 'arn:aws:iam::123456789012:role/x', IMAGE, log)).toBeUndefined();
    expect(pullRefusal({ policies: policiesWith() }, PULLER, 'nginx:latest', log)).toBeUndefined();
  });
});

describe('the ECS deploy enforcement point (docs/aws/iam.md §3.5)', () => {
  it('a refused pull fails the deploy before any container starts, with ECS CannotPullContainerError', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { deploy } = await import('../../../src/local-aws/ecs/deployer.js');
    const state = mkdtempSync(join(tmpdir(), 'codelocal-ecr-deny-'));
    const untouched = new Proxy(
      {},
      {
        get: () => {
          throw new Error('the runtime must not be used');
        },
      },
    );
    try {
      const out = await deploy(
        {
          runtime: untouched as never,
          stateRoot: state,
          network: 'codelocal-aws',
          ecrHost: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
          registry: () => Promise.reject(new Error('no registry needed')),
          secret: () => '',
          log: () => undefined,
          pullRefusal: (uri) => pullRefusal({ policies: policiesWith() }, PULLER, uri, () => undefined),
        },
        {
          service: {
            account: '999888777666',
            region: 'us-east-1',
            cluster: 'prod',
            name: 'web',
            stateDir: state,
            healthCheckPath: '/',
            terminationWaitSeconds: 0,
          },
          taskDefinition: {
            arn: 'arn:aws:ecs:us-east-1:999888777666:task-definition/web:1',
            revision: 1,
            definition: { family: 'web', containerDefinitions: [{ name: 'web', image: IMAGE }] } as never,
          },
          timeoutMs: 1000,
          kind: 'ECS',
        },
      );
      expect(out.ok).toBe(false);
      expect(out.summary).toMatch(
        /^CannotPullContainerError: 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/web:1\.2: denied: User: arn:aws:sts::999888777666:assumed-role\/ecs-deploy\/codepipeline is not authorized to perform: ecr:BatchGetImage/,
      );
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});
