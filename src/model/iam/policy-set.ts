/**
 * The resource policies a run knows about, by resource: artifact and other buckets, KMS keys (with
 * aliases) and ECR repositories. Filled from the CloudFormation template (template-policies.ts) and
 * codelocal.yml; read by lint, `pipeline plan` and the local stand-ins (access.ts decides).
 */
import type { SourcePosition } from '../../errors.js';
import type { PolicyDocument } from './policy-types.js';

export interface Located {
  /** Where it is defined, for messages: `template.yaml#ArtifactBucketPolicy` or `codelocal.yml`. */
  where: string;
  pos?: SourcePosition;
}

export interface BucketRecord extends Located {
  name: string;
  /** Undefined: the bucket is known but has no bucket policy. */
  policy?: PolicyDocument;
}

export interface KeyRecord extends Located {
  keyId: string;
  arn: string;
  account: string;
  region: string;
  policy: PolicyDocument;
}

export interface RepositoryRecord extends Located {
  name: string;
  account: string;
  policy?: PolicyDocument;
}

export interface PolicySet {
  /** The account the template's resources live in (the pipeline's). */
  account: string;
  region: string;
  buckets: Map<string, BucketRecord>;
  /** By key id and by key ARN. */
  keys: Map<string, KeyRecord>;
  /** `alias/NAME` → key id. */
  aliases: Map<string, string>;
  /** By `ACCOUNT/NAME`. */
  repositories: Map<string, RepositoryRecord>;
}

export function emptyPolicySet(account: string, region: string): PolicySet {
  return { account, region, buckets: new Map(), keys: new Map(), aliases: new Map(), repositories: new Map() };
}

export function addKey(set: PolicySet, key: KeyRecord): void {
  set.keys.set(key.keyId, key);
  set.keys.set(key.arn, key);
}

/** A key by id, key ARN, `alias/x` or alias ARN, in the set's own account. */
export function findKey(set: PolicySet, id: string): KeyRecord | undefined {
  const direct = set.keys.get(id);
  if (direct) return direct;
  const alias = /^(?:arn:aws[a-z-]*:kms:[^:]*:\d{12}:)?(alias\/.+)$/.exec(id)?.[1];
  const target = alias ? set.aliases.get(alias) : undefined;
  return target ? (set.keys.get(target) ?? findKey(set, target)) : undefined;
}

/** The key policy KMS gives a key created without one: the account, through IAM (docs/aws/iam.md §1.4). */
export function defaultKeyPolicy(account: string): PolicyDocument {
  return {
    statements: [
      {
        sid: 'Enable IAM User Permissions',
        effect: 'Allow',
        principal: { AWS: [`arn:aws:iam::${account}:root`] },
        action: ['kms:*'],
        resource: ['*'],
      },
    ],
  };
}
