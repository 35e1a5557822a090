/** `AWS::EKS::AccessEntry` resources of a template → the mappings the EKS stand-in uses (docs/eks.md). */
import { describe, expect, it } from 'vitest';
import { eksAccessEntries, parseTemplate } from '../../../src/model/index.js';

const TEMPLATE = `Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties: { RoleName: deployer }
  DeployAccess:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: prod
      PrincipalArn: !Sub arn:aws:iam::\${AWS::AccountId}:role/deployer
      KubernetesGroups: [deployers]
      AccessPolicies:
        - PolicyArn: arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy
          AccessScope: { Type: namespace, Namespaces: [myapp] }
`;

describe('EKS access entries from a template', () => {
  it('reads cluster, principal (intrinsics resolved), groups and policies', () => {
    const t = parseTemplate(TEMPLATE, 'infra.yml', { accountId: '111122223333' });
    expect(eksAccessEntries(t)).toEqual([
      {
        cluster: 'prod',
        mapping: {
          principalArn: 'arn:aws:iam::111122223333:role/deployer',
          username: undefined,
          groups: ['deployers'],
          accessPolicies: ['arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy'],
          source: 'accessEntry',
        },
      },
    ]);
  });
});
