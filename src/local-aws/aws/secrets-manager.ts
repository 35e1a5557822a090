/** Secrets Manager stand-in (JSON 1.1, target prefix `secretsmanager`): GetSecretValue over the secret stubs. */
import { createHash } from 'node:crypto';
import { secretArn } from '../../stores/index.js';
import { AwsError, epochSeconds, type JsonOperation } from './protocol.js';
import type { StubView } from './stub-view.js';

export interface SecretsDeps {
  stubs: StubView;
  accountId: string;
  region: string;
}

/** Stub version ids are short (`v1`); SDK callers expect a UUID-shaped VersionId, derived so it is stable. */
function versionUuid(secret: string, id: string): string {
  const h = createHash('sha256').update(`${secret}\0${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function secretsOperations(d: SecretsDeps): Record<string, JsonOperation> {
  return {
    GetSecretValue(input) {
      const id = String(input.SecretId ?? '');
      const secret = d.stubs.secret(id);
      if (!secret) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      const wantId = input.VersionId === undefined ? undefined : String(input.VersionId);
      const wantStage = input.VersionStage === undefined ? undefined : String(input.VersionStage);
      const version = wantId
        ? secret.versions.find((v) => v.id === wantId || versionUuid(secret.name, v.id) === wantId)
        : secret.versions.find((v) => v.stages.includes(wantStage ?? 'AWSCURRENT'));
      if (!version) {
        const what = wantId ? `VersionId: ${wantId}` : `staging label: ${wantStage ?? 'AWSCURRENT'}`;
        throw new AwsError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for ${what}`,
        );
      }
      return {
        ARN: secretArn(secret.name, d.region, d.accountId),
        Name: secret.name,
        VersionId: versionUuid(secret.name, version.id),
        SecretString: version.value,
        VersionStages: version.stages,
        CreatedDate: epochSeconds(),
      };
    },
    DescribeSecret(input) {
      const secret = d.stubs.secret(String(input.SecretId ?? ''));
      if (!secret) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return {
        ARN: secretArn(secret.name, d.region, d.accountId),
        Name: secret.name,
        VersionIdsToStages: Object.fromEntries(secret.versions.map((v) => [versionUuid(secret.name, v.id), v.stages])),
      };
    },
  };
}
