/**
 * Who an IAM principal is inside the cluster: what EKS's authenticator does with the ARN that
 * GetCallerIdentity returned (docs/aws/eks.md §4). Access entries are consulted in the API modes,
 * the aws-auth rows in the CONFIG_MAP modes, access entries first when both apply.
 */
import type { EksIdentityMapping } from '../../model/index.js';
import type { EksClusterConfig } from '../../workspace/index.js';

export interface KubernetesIdentity {
  username: string;
  groups: string[];
}

/**
 * Access policies have no RBAC object of their own locally: the cluster-admin one is exactly what the
 * `system:masters` group grants; the others become a group the user binds once (docs/eks.md).
 */
export function groupsForAccessPolicy(policy: string): string[] {
  const name = policy.replace(/^arn:aws[\w-]*:eks::aws:cluster-access-policy\//, '');
  return name === 'AmazonEKSClusterAdminPolicy' ? ['system:masters'] : [`codelocal:${name}`];
}

interface ParsedPrincipal {
  account: string;
  /** `role/NAME` or `user/NAME`, path dropped (aws-auth matches roles without their path). */
  resource: string;
  sessionName?: string;
}

/** `arn:aws:sts::A:assumed-role/R/S` and `arn:aws:iam::A:role/path/R` both name role R of account A. */
export function parsePrincipal(arn: string): ParsedPrincipal | undefined {
  const m = /^arn:aws[\w-]*:(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, service, account, rest] = m as unknown as [string, string, string, string];
  if (service === 'sts') {
    const a = /^assumed-role\/([^/]+)\/(.+)$/.exec(rest);
    return a ? { account, resource: `role/${a[1]}`, sessionName: a[2] } : undefined;
  }
  const parts = rest.split('/');
  if (parts.length < 2 || (parts[0] !== 'role' && parts[0] !== 'user')) return undefined;
  return { account, resource: `${parts[0]}/${parts.at(-1)}` };
}

function expand(template: string, p: ParsedPrincipal): string {
  return template
    .replaceAll('{{AccountID}}', p.account)
    .replaceAll('{{SessionName}}', p.sessionName ?? '')
    .replaceAll('{{SessionNameRaw}}', p.sessionName ?? '');
}

/** EKS's user name for an access entry without one: the assumed-role ARN with the session (docs/aws/eks.md §4.3). */
function defaultUsername(m: EksIdentityMapping, p: ParsedPrincipal): string {
  if (m.source === 'accessEntry' && p.resource.startsWith('role/')) {
    return `arn:aws:sts::${p.account}:assumed-role/${p.resource.slice(5)}/${p.sessionName ?? '{{SessionName}}'}`;
  }
  return m.principalArn;
}

function allowedSources(cluster: EksClusterConfig): EksIdentityMapping['source'][] {
  if (cluster.authenticationMode === 'API') return ['accessEntry'];
  if (cluster.authenticationMode === 'CONFIG_MAP') return ['configMap'];
  return ['accessEntry', 'configMap'];
}

/** The Kubernetes identity of `callerArn`, or undefined when the cluster maps it to no one (→ 401). */
export function mapPrincipal(cluster: EksClusterConfig, callerArn: string): KubernetesIdentity | undefined {
  const caller = parsePrincipal(callerArn);
  if (!caller) return undefined;
  for (const source of allowedSources(cluster)) {
    for (const m of cluster.identities.filter((i) => i.source === source)) {
      const p = parsePrincipal(m.principalArn);
      if (!p || p.account !== caller.account || p.resource !== caller.resource) continue;
      const groups = [...m.groups, ...m.accessPolicies.flatMap(groupsForAccessPolicy)];
      return { username: expand(m.username ?? defaultUsername(m, caller), caller), groups: [...new Set(groups)] };
    }
  }
  return undefined;
}
