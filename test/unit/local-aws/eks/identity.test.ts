/** IAM principal → Kubernetes identity, as EKS's authenticator maps it (docs/aws/eks.md §4.1–§4.3). */
import { describe, expect, it } from 'vitest';
import { mapPrincipal, parsePrincipal } from '../../../../src/local-aws/eks/identity.js';
import type { EksIdentityMapping } from '../../../../src/model/index.js';
import type { EksClusterConfig } from '../../../../src/workspace/index.js';

const ROLE = 'arn:aws:iam::111122223333:role/deployer';
const CALLER = 'arn:aws:sts::111122223333:assumed-role/deployer/build-42';

function cluster(
  identities: EksIdentityMapping[],
  mode: EksClusterConfig['authenticationMode'] = 'API_AND_CONFIG_MAP',
) {
  return { context: 'ctx', version: '1.29', authenticationMode: mode, identities };
}
const entry = (m: Partial<EksIdentityMapping>): EksIdentityMapping => ({
  principalArn: ROLE,
  groups: [],
  accessPolicies: [],
  source: 'accessEntry',
  ...m,
});

describe('EKS identity mapping', () => {
  it('normalises an assumed-role ARN to its role (and drops role paths, as aws-auth does)', () => {
    expect(parsePrincipal(CALLER)).toEqual({
      account: '111122223333',
      resource: 'role/deployer',
      sessionName: 'build-42',
    });
    expect(parsePrincipal('arn:aws:iam::111122223333:role/team/deployer')?.resource).toBe('role/deployer');
  });

  it('an aws-auth mapRoles row gives its username (with {{SessionName}}) and groups', () => {
    const c = cluster([entry({ source: 'configMap', username: 'ci:{{SessionName}}', groups: ['deployers'] })]);
    expect(mapPrincipal(c, CALLER)).toEqual({ username: 'ci:build-42', groups: ['deployers'] });
  });

  it('an access entry without a username gets the assumed-role ARN with the session name', () => {
    const c = cluster([entry({ groups: ['g'] })]);
    expect(mapPrincipal(c, CALLER)?.username).toBe(CALLER);
  });

  it('the cluster-admin access policy is the system:masters group; other policies a group to bind', () => {
    const c = cluster([entry({ accessPolicies: ['AmazonEKSClusterAdminPolicy', 'AmazonEKSViewPolicy'] })]);
    expect(mapPrincipal(c, CALLER)?.groups).toEqual(['system:masters', 'codelocal:AmazonEKSViewPolicy']);
  });

  it('another account or another role is unmapped (→ 401 Unauthorized)', () => {
    const c = cluster([entry({})]);
    expect(mapPrincipal(c, 'arn:aws:sts::999999999999:assumed-role/deployer/x')).toBeUndefined();
    expect(mapPrincipal(c, 'arn:aws:sts::111122223333:assumed-role/other/x')).toBeUndefined();
  });

  it('the authentication mode decides which mappings count; access entries win when both do', () => {
    const both = [entry({ username: 'from-entry' }), entry({ source: 'configMap', username: 'from-map' })];
    expect(mapPrincipal(cluster(both), CALLER)?.username).toBe('from-entry');
    expect(mapPrincipal(cluster(both, 'CONFIG_MAP'), CALLER)?.username).toBe('from-map');
    expect(mapPrincipal(cluster([both[1]!], 'API'), CALLER)).toBeUndefined();
  });
});
