/**
 * The action-type catalogue's Source entries (a data table): per type, what CodePipeline checks
 * at create time (docs/aws/codepipeline.md §1.5 counts, §2.1 keys, §4.2 variables), the provider module in
 * src/engine/pipeline/actions/ that runs it, what it needs, and the one sentence of what runs
 * locally.
 */
import type { ActionDeclaration } from './pipeline-types.js';
import type { ActionTypeSpec, LocalTextInput } from './action-type-spec.js';
import { NOTHING } from './action-type-helpers.js';

/** The three git sources read a local repository in place of the remote one. */
function gitSource(repository: (c: Record<string, string>) => string, branchKey: string) {
  return (a: ActionDeclaration, { override: o }: LocalTextInput) => {
    const at = o?.path ?? 'the current folder';
    const rev = o?.revision ? `commit ${o.revision}` : `branch ${a.configuration[branchKey] ?? 'HEAD'}`;
    return `reads the local git repository at ${at} (${rev}) in place of ${repository(a.configuration)}`;
  };
}

function source(
  provider: string,
  keys: { required: string[]; known: string[]; variables: string[] },
  more: Pick<ActionTypeSpec, 'module' | 'needs' | 'local' | 'unusedLocally'> & { owner?: string },
): ActionTypeSpec {
  return {
    category: 'Source',
    owner: more.owner ?? 'AWS',
    provider,
    version: '1',
    inputs: { min: 0, max: 0 },
    outputs: { min: 1, max: 1 },
    requiredKeys: keys.required,
    knownKeys: [...keys.required, ...keys.known],
    variables: keys.variables,
    module: more.module,
    needs: more.needs,
    local: more.local,
    ...(more.unusedLocally ? { unusedLocally: more.unusedLocally } : {}),
  };
}

export const SOURCE_ACTION_TYPES: readonly ActionTypeSpec[] = [
  source(
    'CodeStarSourceConnection',
    {
      required: ['ConnectionArn', 'FullRepositoryId', 'BranchName'],
      known: ['OutputArtifactFormat', 'DetectChanges'],
      variables: ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'ConnectionArn', 'FullRepositoryName'],
    },
    {
      module: 'codestar-connection',
      needs: NOTHING,
      local: gitSource((c) => c.FullRepositoryId ?? '?', 'BranchName'),
    },
  ),
  source(
    'CodeCommit',
    {
      required: ['RepositoryName', 'BranchName'],
      known: ['PollForSourceChanges', 'OutputArtifactFormat'],
      variables: ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'CommitterDate', 'RepositoryName'],
    },
    {
      module: 'codecommit',
      needs: NOTHING,
      local: gitSource((c) => `CodeCommit ${c.RepositoryName ?? '?'}`, 'BranchName'),
    },
  ),
  source(
    'GitHub',
    {
      required: ['Owner', 'Repo', 'Branch', 'OAuthToken'],
      known: ['PollForSourceChanges'],
      variables: [
        'AuthorDate',
        'BranchName',
        'CommitId',
        'CommitMessage',
        'CommitterDate',
        'CommitUrl',
        'RepositoryName',
      ],
    },
    {
      owner: 'ThirdParty',
      module: 'github-v1',
      needs: NOTHING,
      // The token usually comes from `{{resolve:secretsmanager:…}}`; the local repository needs none.
      unusedLocally: ['OAuthToken'],
      local: gitSource((c) => `${c.Owner ?? '?'}/${c.Repo ?? '?'}`, 'Branch'),
    },
  ),
  source(
    'S3',
    {
      required: ['S3Bucket', 'S3ObjectKey'],
      known: ['PollForSourceChanges', 'AllowOverrideForS3ObjectKey'],
      variables: ['ETag', 'VersionId'],
    },
    {
      module: 's3-source',
      needs: { docker: false, localAws: true },
      local: ({ configuration: c }, { override: o }) =>
        o?.path
          ? `reads the local file ${o.path} in place of s3://${c.S3Bucket}/${c.S3ObjectKey}`
          : `reads s3://${c.S3Bucket}/${c.S3ObjectKey} from the local S3 store`,
    },
  ),
  source(
    'ECR',
    {
      required: ['RepositoryName'],
      known: ['ImageTag'],
      variables: ['ImageDigest', 'ImageTag', 'ImageURI', 'RegistryId', 'RepositoryName'],
    },
    {
      module: 'ecr-source',
      needs: { docker: true, localAws: false },
      local: ({ configuration: c }, { override: o }) =>
        `reads image ${c.RepositoryName}:${o?.revision ?? c.ImageTag ?? 'latest'} from the local Docker engine and writes imageDetail.json`,
    },
  ),
];
