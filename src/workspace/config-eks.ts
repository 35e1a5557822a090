/**
 * The `eks` section of codelocal.yml (docs/eks.md): the clusters the local EKS stand-in answers
 * DescribeCluster for, each pointing at a real cluster of the user's (a kubeconfig context), and the
 * mapping from IAM principals to Kubernetes users that EKS would hold (access entries, or the
 * `aws-auth` ConfigMap's `mapRoles`). There is no EKS control plane here to ask, so the project
 * declares what the cloud would know.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { isMap, isSeq, type Node } from 'yaml';
import type { CodeOf, SourcePosition } from '../errors.js';
import {
  describeNode,
  type EksIdentityMapping,
  isNullNode,
  mapEntries,
  suggestionSuffix,
  type YamlSource,
} from '../model/index.js';

export type EksAuthenticationMode = 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';

export interface EksClusterConfig {
  /** The kubeconfig context of the real cluster requests are forwarded to. */
  context: string;
  /** Kubeconfig file (absolute); default: KUBECONFIG's files, then ~/.kube/config. */
  kubeconfig?: string;
  /** Kubernetes version DescribeCluster reports (default "1.29"). */
  version: string;
  authenticationMode: EksAuthenticationMode;
  identities: EksIdentityMapping[];
}

export interface EksConfig {
  clusters: Record<string, EksClusterConfig>;
}

type Bad = (code: CodeOf<'input'>, message: string, pos: SourcePosition | undefined) => void;

const CLUSTER_KEYS = [
  'context',
  'kubeconfig',
  'version',
  'authenticationMode',
  'accessEntries',
  'mapRoles',
  'mapUsers',
];
const MODES: readonly EksAuthenticationMode[] = ['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP'];

function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** A list of mappings, read as plain data: each row needs its ARN, the rest is optional. */
function readMappings(
  node: Node | null,
  where: string,
  kind: 'accessEntries' | 'mapRoles' | 'mapUsers',
  pos: SourcePosition,
  bad: Bad,
): EksIdentityMapping[] {
  if (isNullNode(node)) return [];
  if (!isSeq(node)) {
    bad('CONFIG_INVALID', `${where} must be a list, found ${describeNode(node)}`, pos);
    return [];
  }
  const arnKey = kind === 'accessEntries' ? 'principalArn' : kind === 'mapRoles' ? 'rolearn' : 'userarn';
  const out: EksIdentityMapping[] = [];
  for (const row of node.toJSON() as unknown[]) {
    const r = (row ?? {}) as Record<string, unknown>;
    const arn = r[arnKey];
    if (typeof arn !== 'string' || !/^arn:aws[\w-]*:(iam|sts)::\d{12}:/.test(arn)) {
      bad('CONFIG_INVALID', `${where}: every entry needs ${arnKey}: an IAM role or user ARN`, pos);
      continue;
    }
    out.push({
      principalArn: arn,
      username: typeof r.username === 'string' ? r.username : undefined,
      groups: strings(kind === 'accessEntries' ? r.kubernetesGroups : r.groups),
      accessPolicies: kind === 'accessEntries' ? strings(r.accessPolicies) : [],
      source: kind === 'accessEntries' ? 'accessEntry' : 'configMap',
    });
  }
  return out;
}

function readCluster(src: YamlSource, node: Node | null, where: string, pos: SourcePosition, bad: Bad, root: string) {
  const c: EksClusterConfig = {
    context: '',
    version: '1.29',
    authenticationMode: 'API_AND_CONFIG_MAP',
    identities: [],
  };
  if (!isMap(node)) {
    bad('CONFIG_INVALID', `${where} must be a map with at least "context", found ${describeNode(node)}`, pos);
    return c;
  }
  for (const e of mapEntries(src, node)) {
    const text = e.value && 'value' in e.value ? String((e.value as { value: unknown }).value ?? '') : '';
    if (!CLUSTER_KEYS.includes(e.key)) {
      bad('CONFIG_UNKNOWN_KEY', `unknown key "${where}.${e.key}"${suggestionSuffix(e.key, CLUSTER_KEYS)}`, e.pos);
    } else if (e.key === 'accessEntries' || e.key === 'mapRoles' || e.key === 'mapUsers') {
      c.identities.push(...readMappings(e.value, `${where}.${e.key}`, e.key, e.pos, bad));
    } else if (e.key === 'authenticationMode') {
      if (MODES.includes(text as EksAuthenticationMode)) c.authenticationMode = text as EksAuthenticationMode;
      else bad('CONFIG_INVALID', `${where}.authenticationMode must be one of ${MODES.join(', ')}`, e.pos);
    } else if (e.key === 'context') c.context = text;
    else if (e.key === 'kubeconfig')
      c.kubeconfig = text.startsWith('~/') ? resolve(homedir(), text.slice(2)) : resolve(root, text);
    else c.version = text;
  }
  if (!c.context) bad('CONFIG_INVALID', `${where}.context is required: the kubeconfig context to forward to`, pos);
  return c;
}

/** `eks: { clusters: { NAME: { context, kubeconfig?, version?, authenticationMode?, accessEntries?, mapRoles? } } }`. */
export function readEks(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  positions: Map<string, SourcePosition>,
  bad: Bad,
  projectRoot: string,
): EksConfig {
  const out: EksConfig = { clusters: {} };
  if (isNullNode(node)) return out;
  if (!isMap(node)) {
    bad('CONFIG_INVALID', `eks must be a map, found ${describeNode(node)}`, pos);
    return out;
  }
  for (const e of mapEntries(src, node)) {
    if (e.key !== 'clusters') {
      bad('CONFIG_UNKNOWN_KEY', `unknown key "eks.${e.key}"${suggestionSuffix(e.key, ['clusters'])}`, e.pos);
      continue;
    }
    if (isNullNode(e.value)) continue;
    if (!isMap(e.value)) {
      bad('CONFIG_INVALID', `eks.clusters must map cluster names to settings`, e.pos);
      continue;
    }
    for (const c of mapEntries(src, e.value)) {
      positions.set(`eks/clusters/${c.key}`, c.pos);
      out.clusters[c.key] = readCluster(src, c.value, `eks.clusters.${c.key}`, c.pos, bad, projectRoot);
    }
  }
  return out;
}
