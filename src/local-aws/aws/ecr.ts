/**
 * ECR stand-in (JSON 1.1, target prefix `AmazonEC2ContainerRegistry_V20150921`). The images live in
 * the local registry container (src/local-aws/registry/); this answers the control-plane calls a
 * buildspec makes around `docker login/push`: the login token, and repositories.
 *
 * Difference from ECR, on purpose: a push creates its repository (ECR refuses a push to a repository
 * that was never created), because the seed's buildspec, like most, assumes it exists already.
 */
import { AwsError, epochSeconds, type JsonOperation } from './protocol.js';

export interface EcrDeps {
  accountId: string;
  region: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com`. */
  registryHost: string;
  /** Any password works with the local registry; this one is handed out so `docker login` has one. */
  password: string;
  /** Repositories holding images (the registry's catalog). */
  catalog(): Promise<string[]>;
  /** Repositories created with CreateRepository (they may hold no image yet). */
  created: Map<string, number>;
}

const NAME = /^(?=.{2,256}$)((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)$/;

function repository(d: EcrDeps, name: string, createdAt: number) {
  return {
    repositoryArn: `arn:aws:ecr:${d.region}:${d.accountId}:repository/${name}`,
    registryId: d.accountId,
    repositoryName: name,
    repositoryUri: `${d.registryHost}/${name}`,
    createdAt,
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

export function ecrOperations(d: EcrDeps): Record<string, JsonOperation> {
  const all = async () => {
    const names = new Map(d.created);
    for (const n of await d.catalog()) if (!names.has(n)) names.set(n, epochSeconds());
    return names;
  };
  return {
    GetAuthorizationToken() {
      return {
        authorizationData: [
          {
            authorizationToken: Buffer.from(`AWS:${d.password}`).toString('base64'),
            // ECR tokens last 12 hours.
            expiresAt: epochSeconds() + 12 * 3600,
            proxyEndpoint: `https://${d.registryHost}`,
          },
        ],
      };
    },
    async DescribeRepositories(input) {
      const names = await all();
      const wanted: string[] | undefined = Array.isArray(input.repositoryNames)
        ? input.repositoryNames.map(String)
        : undefined;
      if (wanted) {
        const missing = wanted.find((n) => !names.has(n));
        if (missing) {
          throw new AwsError(
            'RepositoryNotFoundException',
            `The repository with name '${missing}' does not exist in the registry with id '${d.accountId}'`,
          );
        }
      }
      const list = (wanted ?? [...names.keys()].sort()).map((n) => repository(d, n, names.get(n)!));
      return { repositories: list };
    },
    async CreateRepository(input) {
      const name = String(input.repositoryName ?? '');
      if (!NAME.test(name)) {
        throw new AwsError(
          'InvalidParameterException',
          `Invalid parameter at 'repositoryName' failed to satisfy constraint: '${name}'`,
        );
      }
      if ((await all()).has(name)) {
        throw new AwsError(
          'RepositoryAlreadyExistsException',
          `The repository with name '${name}' already exists in the registry with id '${d.accountId}'`,
        );
      }
      d.created.set(name, epochSeconds());
      return { repository: repository(d, name, d.created.get(name)!) };
    },
  };
}
