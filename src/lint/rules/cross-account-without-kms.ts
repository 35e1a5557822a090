/**
 * An action assuming a role in another account reads the artifacts from the pipeline's bucket. With the
 * default encryption (the AWS-managed S3 key) the other account cannot decrypt them and the action fails
 * with an access error that does not mention KMS (seed document, common mistake 3).
 */
import { actionSites, type ArtifactStore } from '../../model/index.js';
import { pipelineRule } from './define.js';

const ROLE_ACCOUNT = /^arn:aws[a-z-]*:iam::(\d{12}):/;

export function roleAccount(arn: unknown): string | undefined {
  return typeof arn === 'string' ? ROLE_ACCOUNT.exec(arn)?.[1] : undefined;
}

export const crossAccountWithoutKms = pipelineRule(
  {
    id: 'cross-account-without-kms',
    severity: 'error',
    summary: 'A cross-account action with an artifact store that has no customer-managed KMS key.',
    explanation:
      "An action whose `roleArn` is in another account than the pipeline's `roleArn` must read the pipeline's " +
      'artifacts. The default S3 encryption uses an AWS-managed key that cannot be shared, so the other account ' +
      'cannot decrypt them and the action fails. Create a customer-managed KMS key whose key policy lets the ' +
      'other account decrypt, set it as the artifact store `encryptionKey: {id: <key ARN>, type: KMS}`, and grant ' +
      'that account read access in the bucket policy.',
  },
  (ctx, report) => {
    const pipeline = ctx.loaded.pipeline;
    const home = roleAccount(pipeline.roleArn);
    if (!home) return;
    for (const site of actionSites(pipeline)) {
      const other = roleAccount(site.action.roleArn);
      if (!other || other === home) continue;
      const region = typeof site.action.region === 'string' ? site.action.region : ctx.loaded.region;
      const store: ArtifactStore | undefined = pipeline.artifactStores?.[region] ?? pipeline.artifactStore;
      if (store?.encryptionKey?.id) continue;
      report(
        `action ${site.action.name} runs as a role in account ${other} (the pipeline's is ${home}), but the artifact store has no customer-managed KMS encryptionKey: that account cannot decrypt the artifacts (the default aws/s3 key is AWS-managed and its key policy can never admit another account); fix: create an AWS::KMS::Key whose KeyPolicy allows ${other} kms:Decrypt, set it by key ARN as the artifact store encryptionKey {id, type: KMS}, and allow ${other} in the bucket policy`,
        ctx.positionOf([...site.path, 'roleArn']),
      );
    }
  },
);
