/**
 * Reads the resource policies a CloudFormation template defines (`AWS::S3::Bucket` and
 * `AWS::S3::BucketPolicy`, `AWS::KMS::Key` and `AWS::KMS::Alias`, `AWS::ECR::Repository` with its
 * `RepositoryPolicyText`) into a PolicySet. A policy IAM would refuse is a problem, not a throw, so lint
 * can report it and go on.
 */
import { basename } from 'node:path';
import { InputError } from '../../errors.js';
import { generatedName } from '../cfn-names.js';
import { isNotEvaluated } from '../not-evaluated.js';
import type { ResolvedResource, ResolvedTemplate } from '../cloudformation.js';
import { parsePolicy } from './policy-parse.js';
import { addKey, defaultKeyPolicy, type PolicySet } from './policy-set.js';
import type { PolicyDocument } from './policy-types.js';

function nameOf(t: ResolvedTemplate, res: ResolvedResource, prop: string): string {
  const v = (res.properties as Record<string, unknown>)[prop];
  return typeof v === 'string' ? v : generatedName(res.type, res.logicalId, t.stack);
}

function containsNotEvaluated(v: unknown): boolean {
  if (isNotEvaluated(v)) return true;
  if (Array.isArray(v)) return v.some(containsNotEvaluated);
  return typeof v === 'object' && v !== null && Object.values(v).some(containsNotEvaluated);
}

/** Adds the template's policies to `set`; returns the policies that are invalid. */
export function addTemplatePolicies(set: PolicySet, t: ResolvedTemplate): InputError[] {
  const problems: InputError[] = [];
  /** undefined: no policy; null: an invalid one (the resource is then left unchecked, not refused twice). */
  const read = (res: ResolvedResource, prop: string): PolicyDocument | undefined | null => {
    const raw = (res.properties as Record<string, unknown>)[prop];
    if (raw === undefined) return undefined;
    // A value CloudFormation computes and codelocal cannot (Fn::Transform, issue 11): left unchecked.
    if (containsNotEvaluated(raw)) return null;
    try {
      return parsePolicy(raw, `${res.logicalId}.${prop}`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(new InputError('POLICY_INVALID', e.message, { position: res.positionOf([prop]) ?? res.pos }));
      return null;
    }
  };
  const where = (res: ResolvedResource) => `${basename(t.file)}#${res.logicalId}`;
  const { accountId: account, region } = t.stack;
  const invalidBuckets = new Set<string>();
  for (const res of t.resources.values()) {
    if (typeof res.properties !== 'object' || res.properties === null || isNotEvaluated(res.properties)) continue;
    const p = res.properties as Record<string, unknown>;
    if (res.type === 'AWS::S3::Bucket') {
      const name = nameOf(t, res, 'BucketName');
      if (!set.buckets.has(name)) set.buckets.set(name, { name, where: where(res), pos: res.pos });
    } else if (res.type === 'AWS::S3::BucketPolicy' && typeof p.Bucket === 'string') {
      const policy = read(res, 'PolicyDocument');
      if (policy) set.buckets.set(p.Bucket, { name: p.Bucket, policy, where: where(res), pos: res.pos });
      else if (policy === null) invalidBuckets.add(p.Bucket);
    } else if (res.type === 'AWS::KMS::Key') {
      const keyId = res.logicalId;
      const written = read(res, 'KeyPolicy');
      if (written === null) continue;
      const policy = written ?? defaultKeyPolicy(account);
      const arn = `arn:aws:kms:${region}:${account}:key/${keyId}`;
      addKey(set, { keyId, arn, account, region, policy, where: where(res), pos: res.pos });
    } else if (res.type === 'AWS::KMS::Alias' && typeof p.AliasName === 'string' && typeof p.TargetKeyId === 'string') {
      set.aliases.set(p.AliasName, p.TargetKeyId);
    } else if (res.type === 'AWS::ECR::Repository') {
      const name = nameOf(t, res, 'RepositoryName');
      const policy = read(res, 'RepositoryPolicyText') ?? undefined;
      set.repositories.set(`${account}/${name}`, { name, account, policy, where: where(res), pos: res.pos });
    }
  }
  for (const b of invalidBuckets) set.buckets.delete(b);
  return problems;
}
