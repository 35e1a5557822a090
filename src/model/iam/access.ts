/**
 * What an action's role may do with the pipeline's artifacts and repositories, decided with the resource
 * policies of a PolicySet: the checks lint, `pipeline plan` and the run share, so all three agree.
 * AWS behaviour: docs/aws/iam.md §3. Same-account requests are refused only by an explicit Deny: codelocal
 * does not know a role's identity policies and takes the pipeline's own roles to have what they need
 * (docs/fidelity.md, "Accounts").
 */
import { evaluatePolicy } from './evaluate.js';
import { accountOfArn, principalOf } from './principal.js';
import { findKey, type PolicySet } from './policy-set.js';
import type { AccessRequest } from './policy-types.js';

export type RefusalKind = 'bucket-policy' | 'default-key' | 'key-alias' | 'key-policy' | 'repository-policy';

export interface Refusal {
  kind: RefusalKind;
  /** What AWS says (docs/aws/iam.md §3.4, §3.5). */
  awsMessage: string;
  /** Why, in codelocal's words, naming the policy and the principal. */
  reason: string;
  /** What to change. */
  fix: string;
}

export interface AccessCheck {
  account: string;
  crossAccount: boolean;
  /** The permissions the request needs, as `action resource` lines (for `pipeline plan`). */
  needs: string[];
  refusal?: Refusal;
  /** What codelocal could not check (a bucket or key defined outside what it read). */
  unchecked: string[];
}

export interface ArtifactAccessRequest {
  /** The role the action runs as (docs/aws/iam.md §3.1). */
  principalArn: string;
  bucket: string;
  /** The object read or written; any key of the bucket when absent. */
  objectKey?: string;
  encryptionKey?: { id: string; type?: string };
  /** Output artifacts are written (PutObject, GenerateDataKey) as well as read. */
  write?: boolean;
}

const S3_SUFFIX = (id: string) =>
  `(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: ${id}; Proxy: null)`;

export const S3_ACCESS_DENIED = (id = 'CODELOCAL') => `Access Denied ${S3_SUFFIX(id)}`;
export const S3_KMS_DENIED = (id = 'CODELOCAL') =>
  `The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. ${S3_SUFFIX(id)}`;

const KEY_FIX =
  'create a customer-managed AWS::KMS::Key whose KeyPolicy allows the action account kms:Decrypt and kms:DescribeKey ' +
  '(plus kms:GenerateDataKey* and kms:Encrypt to write), and set it, by key ARN, as the artifact store encryptionKey {id, type: KMS}';

function session(principalArn: string): AccessRequest['principal'] {
  // CodePipeline assumes the action's role: the caller is a session of it (docs/aws/iam.md §3.1).
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principalArn);
  return principalOf(m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/codepipeline` : principalArn);
}

function bucketCheck(set: PolicySet, r: ArtifactAccessRequest, action: string, sameAccount: boolean) {
  const record = set.buckets.get(r.bucket);
  if (!record) return { unchecked: `bucket ${r.bucket} is not defined in what codelocal read` };
  const req: AccessRequest = {
    principal: session(r.principalArn),
    action,
    resource: `arn:aws:s3:::${r.bucket}/${r.objectKey ?? 'artifact.zip'}`,
    context: {
      'aws:SecureTransport': true,
      ...(action === 's3:PutObject' ? { 's3:x-amz-server-side-encryption': 'aws:kms' } : {}),
    },
  };
  const d = evaluatePolicy(record.policy, req, { resourceAccount: set.account });
  const refused = sameAccount ? d.decision === 'ExplicitDeny' : d.decision !== 'Allow';
  if (!refused) return {};
  const reason = record.policy
    ? `bucket policy of ${r.bucket} (${record.where}): ${d.reason}`
    : `bucket ${r.bucket} (${record.where}) has no bucket policy, so no other account may use it`;
  return {
    refusal: {
      kind: 'bucket-policy' as const,
      awsMessage: S3_ACCESS_DENIED(),
      reason,
      fix: `add a statement to the bucket policy of ${r.bucket} allowing ${principalOf(r.principalArn).account ?? r.principalArn} ${action} on arn:aws:s3:::${r.bucket}/*`,
    },
  };
}

function keyCheck(set: PolicySet, r: ArtifactAccessRequest, action: string, sameAccount: boolean) {
  const id = r.encryptionKey?.id;
  if (!id) {
    if (sameAccount) return {};
    return {
      refusal: {
        kind: 'default-key' as const,
        awsMessage: S3_KMS_DENIED(),
        reason: `the artifact store has no encryptionKey, so artifacts are encrypted with the AWS-managed aws/s3 key of account ${set.account}, which no other account can ever use`,
        fix: KEY_FIX,
      },
    };
  }
  const isAlias = /(^|:)alias\//.test(id);
  if (isAlias && !sameAccount) {
    return {
      refusal: {
        kind: 'key-alias' as const,
        awsMessage: S3_KMS_DENIED(),
        reason: `the encryptionKey ${id} is an alias, and an alias resolves only in the key's own account`,
        fix: 'name the key by its key ARN in the artifact store encryptionKey',
      },
    };
  }
  const key = findKey(set, id) ?? findKey(set, id.replace(/^.*:key\//, ''));
  if (!key) return { unchecked: `KMS key ${id} is not defined in what codelocal read` };
  const req: AccessRequest = {
    principal: session(r.principalArn),
    action,
    resource: key.arn,
    context: { 'kms:ViaService': `s3.${set.region}.amazonaws.com` },
  };
  const d = evaluatePolicy(key.policy, req, { resourceAccount: key.account, resourcePolicyRequired: true });
  const refused = sameAccount ? d.decision === 'ExplicitDeny' : d.decision !== 'Allow';
  if (!refused) return {};
  return {
    refusal: {
      kind: 'key-policy' as const,
      awsMessage: S3_KMS_DENIED(),
      reason: `key policy of ${key.arn} (${key.where}): ${d.reason}`,
      fix: `add a statement to the KeyPolicy allowing ${principalOf(r.principalArn).account ?? r.principalArn} ${action}`,
    },
  };
}

/** Whether an action running as `principalArn` may read (and write) the pipeline's artifacts. */
export function artifactAccess(set: PolicySet, r: ArtifactAccessRequest): AccessCheck {
  const account = accountOfArn(r.principalArn) ?? set.account;
  const sameAccount = account === set.account;
  const keyArn = r.encryptionKey?.id ?? `alias/aws/s3 (AWS-managed, account ${set.account})`;
  const steps: [string, 'bucket' | 'key'][] = [
    ['s3:GetObject', 'bucket'],
    ['kms:Decrypt', 'key'],
    ...(r.write
      ? ([
          ['s3:PutObject', 'bucket'],
          ['kms:GenerateDataKey', 'key'],
        ] as [string, 'bucket' | 'key'][])
      : []),
  ];
  const out: AccessCheck = { account, crossAccount: !sameAccount, needs: [], unchecked: [] };
  for (const [action, on] of steps) {
    out.needs.push(`${action} ${on === 'bucket' ? `arn:aws:s3:::${r.bucket}/*` : keyArn}`);
    if (out.refusal) continue;
    const c = on === 'bucket' ? bucketCheck(set, r, action, sameAccount) : keyCheck(set, r, action, sameAccount);
    if ('refusal' in c && c.refusal) out.refusal = c.refusal;
    if ('unchecked' in c && c.unchecked && !out.unchecked.includes(c.unchecked)) out.unchecked.push(c.unchecked);
  }
  return out;
}

export const ECR_PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

/** Whether `principalArn` may pull from repository `name` of account `repoAccount` (docs/aws/iam.md §3.5). */
export function ecrPullAccess(
  set: PolicySet,
  principalArn: string,
  repoAccount: string,
  name: string,
  region = set.region,
): AccessCheck {
  const account = accountOfArn(principalArn) ?? set.account;
  const resource = `arn:aws:ecr:${region}:${repoAccount}:repository/${name}`;
  const out: AccessCheck = {
    account,
    crossAccount: account !== repoAccount,
    needs: ECR_PULL_ACTIONS.map((a) => `${a} ${resource}`),
    unchecked: [],
  };
  if (!out.crossAccount) return out;
  const record = set.repositories.get(`${repoAccount}/${name}`);
  const who = session(principalArn);
  for (const action of ECR_PULL_ACTIONS) {
    const d = evaluatePolicy(record?.policy, { principal: who, action, resource }, { resourceAccount: repoAccount });
    if (d.decision === 'Allow') continue;
    out.refusal = {
      kind: 'repository-policy',
      awsMessage: `denied: User: ${who.arn} is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`,
      reason: record?.policy
        ? `repository policy of ${name} (${record.where}): ${d.reason}`
        : `repository ${name} of account ${repoAccount} has no repository policy, so no other account may pull from it`,
      fix: `add a RepositoryPolicyText statement allowing arn:aws:iam::${account}:root ${ECR_PULL_ACTIONS.join(', ')}`,
    };
    break;
  }
  return out;
}

/**
 * A request a build makes itself to a bucket the policies know (`aws s3 cp` as an action's role): refused
 * when the role is in another account and the bucket policy does not admit it, or when a Deny applies.
 * `key` undefined: a bucket-level request (ListBucket on the bucket ARN, docs/aws/iam.md §3.3).
 */
export function bucketRequestRefused(
  set: PolicySet,
  principalArn: string,
  bucket: string,
  key: string | undefined,
  action: string,
  context: Record<string, string | boolean> = {},
): string | undefined {
  const record = set.buckets.get(bucket);
  if (!record) return undefined;
  const principal = session(principalArn);
  const resource = key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
  const d = evaluatePolicy(
    record.policy,
    { principal, action, resource, context: { 'aws:SecureTransport': true, ...context } },
    { resourceAccount: set.account },
  );
  const sameAccount = principal.account === set.account;
  const refused = sameAccount ? d.decision === 'ExplicitDeny' : d.decision !== 'Allow';
  return refused ? d.reason : undefined;
}
