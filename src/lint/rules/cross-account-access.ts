/**
 * The run's own access check, before anything runs: a cross-account action whose account the artifact
 * bucket policy or the artifact store's KMS key policy (as the template defines them) does not admit
 * fails on its first artifact read (docs/aws/iam.md §3.2–§3.4). The default aws/s3 key is
 * cross-account-without-kms's finding; this rule reports the policies.
 */
import { pipelineAccess } from '../../model/index.js';
import { pipelineRule } from './define.js';

export const crossAccountAccess = pipelineRule(
  {
    id: 'cross-account-access',
    severity: 'error',
    summary: 'A cross-account action that the artifact bucket policy or the KMS key policy does not admit.',
    explanation:
      "An action whose `roleArn` is in another account reads its input artifacts from the pipeline's artifact " +
      'bucket and decrypts them with the artifact store key, and writes its outputs the same way. Both the bucket ' +
      "policy (`AWS::S3::BucketPolicy`: `s3:GetObject`/`s3:PutObject` on `arn:aws:s3:::BUCKET/*`) and the key's " +
      '`KeyPolicy` (`kms:Decrypt`, `kms:GenerateDataKey*`) must admit that account or role, or the action fails with ' +
      'S3 `AccessDenied`. An alias as `encryptionKey` never works across accounts: use the key ARN. Checked with ' +
      "IAM's evaluation rules (explicit Deny wins, principals, wildcards, conditions) against the policies of the " +
      'same template; buckets and keys defined elsewhere are not checked.',
  },
  (ctx, report) => {
    const set = ctx.policies;
    if (!set) return;
    const pipeline = ctx.loaded.pipeline;
    for (const a of pipelineAccess(pipeline, ctx.loaded.region, set)) {
      if (!a.crossAccount || !a.refusal || a.refusal.kind === 'default-key') continue;
      report(
        `action ${a.action} runs as ${a.principalArn} (account ${a.account}) and would fail with S3 AccessDenied: ${a.refusal.reason}; fix: ${a.refusal.fix}`,
        ctx.positionOf([...a.path, a.ownRole ? 'roleArn' : 'name']),
      );
    }
  },
);
