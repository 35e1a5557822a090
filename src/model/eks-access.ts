/**
 * Who may use an EKS cluster, as data: the rows of access entries (CreateAccessEntry,
 * `AWS::EKS::AccessEntry`) and of the aws-auth ConfigMap, and the reading of access entries out of a
 * CloudFormation template, so the local EKS stand-in maps a build's role as the template would on
 * AWS (docs/eks.md, docs/aws/eks.md §4).
 */
import { loadTemplate, type ResolvedTemplate, type TemplateOptions } from './cloudformation.js';

/** One principal → Kubernetes identity mapping (CreateAccessEntry's fields, or a `mapRoles` row). */
export interface EksIdentityMapping {
  /** IAM role or user ARN (an access entry's principalArn, aws-auth's rolearn/userarn). */
  principalArn: string;
  /** Kubernetes user name; may use {{SessionName}} and {{AccountID}} as aws-auth does. */
  username?: string;
  groups: string[];
  /** Access policies by name or ARN (AmazonEKSClusterAdminPolicy, ...): access entries only. */
  accessPolicies: string[];
  /** Where the mapping came from: decides precedence by authentication mode. */
  source: 'accessEntry' | 'configMap';
}

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

/** The `AWS::EKS::AccessEntry` resources of a template whose ClusterName and PrincipalArn resolved. */
export function eksAccessEntries(t: ResolvedTemplate): { cluster: string; mapping: EksIdentityMapping }[] {
  const out: { cluster: string; mapping: EksIdentityMapping }[] = [];
  for (const r of t.resources.values()) {
    const p = r.properties as Record<string, unknown>;
    if (r.type !== 'AWS::EKS::AccessEntry' || typeof p?.ClusterName !== 'string' || typeof p.PrincipalArn !== 'string')
      continue;
    const policies = Array.isArray(p.AccessPolicies) ? (p.AccessPolicies as { PolicyArn?: unknown }[]) : [];
    out.push({
      cluster: p.ClusterName,
      mapping: {
        principalArn: p.PrincipalArn,
        username: typeof p.Username === 'string' ? p.Username : undefined,
        groups: texts(p.KubernetesGroups),
        accessPolicies: texts(policies.map((x) => x?.PolicyArn)),
        source: 'accessEntry',
      },
    });
  }
  return out;
}

/** Access entries of a template file; project JSON files (not templates) have none. */
export function eksAccessEntriesOfFile(file: string, options: TemplateOptions) {
  try {
    return eksAccessEntries(loadTemplate(file, options));
  } catch {
    // Not a template (batch-get-projects JSON) or not readable: the project loader reports such files.
    return [];
  }
}
