/**
 * The action types codelocal can run, with what CodePipeline checks about each at create time:
 * artifact counts (codepipeline.md §1.5), required configuration keys (§2) and the variables each
 * produces (§4.2). The pipeline engine's provider registry must cover exactly this list, so an
 * action type missing here is rejected at validation instead of being silently skipped at run time.
 */
import type { ActionTypeId } from './pipeline-types.js';

export interface CountRange {
  min: number;
  max: number;
}

/** A configuration key that is required only under a condition on the other keys. */
export interface ConditionalKey {
  key: string;
  /** Human wording of the condition, for messages ("when ActionMode is CREATE_UPDATE"). */
  when: string;
  applies: (configuration: Record<string, string>, inputCount: number) => boolean;
}

export interface ActionTypeSpec {
  category: string;
  owner: string;
  provider: string;
  version: string;
  inputs: CountRange;
  outputs: CountRange;
  requiredKeys: string[];
  conditionalKeys?: ConditionalKey[];
  /** Every key the provider documents; anything else gets a "did you mean" warning. */
  knownKeys: string[];
  /** Configuration keys whose value must name one of the action's input artifacts. */
  artifactKeys?: string[];
  /**
   * Variables the action produces: a fixed list, or 'dynamic' when they depend on what runs
   * (buildspec exported-variables, stack outputs, Lambda's PutJobSuccessResult, outputVariables).
   */
  variables: string[] | 'dynamic';
  /** Only in V2 pipelines (§1.6). */
  v2Only?: boolean;
}

const CHANGE_SET_MODES = ['CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE'];
const TEMPLATE_MODES = ['CREATE_UPDATE', 'REPLACE_ON_FAILURE', 'CHANGE_SET_REPLACE'];
const ROLE_MODES = ['CREATE_UPDATE', 'REPLACE_ON_FAILURE', 'DELETE_ONLY', 'CHANGE_SET_REPLACE'];
export const CLOUDFORMATION_ACTION_MODES = [
  'CREATE_UPDATE',
  'DELETE_ONLY',
  'REPLACE_ON_FAILURE',
  'CHANGE_SET_REPLACE',
  'CHANGE_SET_EXECUTE',
];

const IMAGE_KEYS = [1, 2, 3, 4].flatMap((n) => [`Image${n}ArtifactName`, `Image${n}ContainerName`]);

function source(owner: string, provider: string, required: string[], known: string[], variables: string[]) {
  return {
    category: 'Source',
    owner,
    provider,
    version: '1',
    inputs: { min: 0, max: 0 },
    outputs: { min: 1, max: 1 },
    requiredKeys: required,
    knownKeys: [...required, ...known],
    variables,
  } satisfies ActionTypeSpec;
}

function codeBuild(category: 'Build' | 'Test'): ActionTypeSpec {
  return {
    category,
    owner: 'AWS',
    provider: 'CodeBuild',
    version: '1',
    inputs: { min: 1, max: 5 },
    outputs: { min: 0, max: 5 },
    requiredKeys: ['ProjectName'],
    // UNCERTAIN (§2.2): AWS documents PrimarySource as required with more than one input but the
    // docs do not say whether CreatePipeline or the build rejects it; codelocal rejects it up front.
    conditionalKeys: [
      { key: 'PrimarySource', when: 'when the action has more than one input artifact', applies: (_c, n) => n > 1 },
    ],
    knownKeys: ['ProjectName', 'PrimarySource', 'EnvironmentVariables', 'BatchEnabled', 'CombineArtifacts'],
    artifactKeys: ['PrimarySource'],
    variables: 'dynamic',
  };
}

export const SUPPORTED_ACTION_TYPES: readonly ActionTypeSpec[] = [
  source(
    'AWS',
    'CodeStarSourceConnection',
    ['ConnectionArn', 'FullRepositoryId', 'BranchName'],
    ['OutputArtifactFormat', 'DetectChanges'],
    ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'ConnectionArn', 'FullRepositoryName'],
  ),
  source(
    'AWS',
    'CodeCommit',
    ['RepositoryName', 'BranchName'],
    ['PollForSourceChanges', 'OutputArtifactFormat'],
    ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'CommitterDate', 'RepositoryName'],
  ),
  source(
    'ThirdParty',
    'GitHub',
    ['Owner', 'Repo', 'Branch', 'OAuthToken'],
    ['PollForSourceChanges'],
    ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'CommitterDate', 'CommitUrl', 'RepositoryName'],
  ),
  source(
    'AWS',
    'S3',
    ['S3Bucket', 'S3ObjectKey'],
    ['PollForSourceChanges', 'AllowOverrideForS3ObjectKey'],
    ['ETag', 'VersionId'],
  ),
  source(
    'AWS',
    'ECR',
    ['RepositoryName'],
    ['ImageTag'],
    ['ImageDigest', 'ImageTag', 'ImageURI', 'RegistryId', 'RepositoryName'],
  ),
  codeBuild('Build'),
  codeBuild('Test'),
  {
    category: 'Compute',
    owner: 'AWS',
    provider: 'Commands',
    version: '1',
    inputs: { min: 1, max: 10 },
    outputs: { min: 0, max: 1 },
    requiredKeys: [],
    knownKeys: ['EnvironmentType', 'ComputeType', 'VpcId', 'Subnets', 'SecurityGroupIds'],
    variables: 'dynamic',
    v2Only: true,
  },
  {
    category: 'Approval',
    owner: 'AWS',
    provider: 'Manual',
    version: '1',
    inputs: { min: 0, max: 0 },
    outputs: { min: 0, max: 0 },
    requiredKeys: [],
    knownKeys: ['NotificationArn', 'CustomData', 'ExternalEntityLink'],
    variables: [],
  },
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'ECS',
    version: '1',
    inputs: { min: 1, max: 1 },
    outputs: { min: 0, max: 0 },
    requiredKeys: ['ClusterName', 'ServiceName'],
    knownKeys: ['ClusterName', 'ServiceName', 'FileName', 'DeploymentTimeout'],
    variables: [],
  },
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'CodeDeployToECS',
    version: '1',
    inputs: { min: 1, max: 5 },
    outputs: { min: 0, max: 0 },
    requiredKeys: [
      'ApplicationName',
      'DeploymentGroupName',
      'TaskDefinitionTemplateArtifact',
      'AppSpecTemplateArtifact',
    ],
    knownKeys: [
      'ApplicationName',
      'DeploymentGroupName',
      'TaskDefinitionTemplateArtifact',
      'TaskDefinitionTemplatePath',
      'AppSpecTemplateArtifact',
      'AppSpecTemplatePath',
      ...IMAGE_KEYS,
    ],
    artifactKeys: [
      'TaskDefinitionTemplateArtifact',
      'AppSpecTemplateArtifact',
      ...IMAGE_KEYS.filter((k) => k.endsWith('ArtifactName')),
    ],
    variables: [],
  },
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'S3',
    version: '1',
    inputs: { min: 1, max: 1 },
    outputs: { min: 0, max: 0 },
    requiredKeys: ['BucketName', 'Extract'],
    conditionalKeys: [
      { key: 'ObjectKey', when: 'when Extract is false', applies: (c) => (c.Extract ?? '').toLowerCase() === 'false' },
    ],
    knownKeys: ['BucketName', 'Extract', 'ObjectKey', 'KMSEncryptionKeyARN', 'CannedACL', 'CacheControl'],
    variables: [],
  },
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'CloudFormation',
    version: '1',
    inputs: { min: 0, max: 10 },
    outputs: { min: 0, max: 1 },
    requiredKeys: ['ActionMode', 'StackName'],
    conditionalKeys: [
      {
        key: 'ChangeSetName',
        when: 'when ActionMode is CHANGE_SET_REPLACE or CHANGE_SET_EXECUTE',
        applies: (c) => CHANGE_SET_MODES.includes(c.ActionMode ?? ''),
      },
      {
        key: 'TemplatePath',
        when: 'when ActionMode is CREATE_UPDATE, REPLACE_ON_FAILURE or CHANGE_SET_REPLACE',
        applies: (c) => TEMPLATE_MODES.includes(c.ActionMode ?? ''),
      },
      {
        key: 'RoleArn',
        when: 'when ActionMode is CREATE_UPDATE, REPLACE_ON_FAILURE, DELETE_ONLY or CHANGE_SET_REPLACE',
        applies: (c) => ROLE_MODES.includes(c.ActionMode ?? ''),
      },
    ],
    knownKeys: [
      'ActionMode',
      'StackName',
      'ChangeSetName',
      'TemplatePath',
      'TemplateConfiguration',
      'ParameterOverrides',
      'Capabilities',
      'RoleArn',
      'OutputFileName',
    ],
    variables: 'dynamic',
  },
  {
    category: 'Invoke',
    owner: 'AWS',
    provider: 'Lambda',
    version: '1',
    inputs: { min: 0, max: 5 },
    outputs: { min: 0, max: 5 },
    requiredKeys: ['FunctionName'],
    knownKeys: ['FunctionName', 'UserParameters'],
    variables: 'dynamic',
  },
];

/** `Category/Owner/Provider/Version`, the key the engine registry uses too. */
export function actionTypeKey(id: Pick<ActionTypeId, 'category' | 'owner' | 'provider' | 'version'>): string {
  return `${id.category}/${id.owner}/${id.provider}/${id.version}`;
}

const BY_KEY = new Map(SUPPORTED_ACTION_TYPES.map((t) => [actionTypeKey(t), t]));

export function findActionType(id: ActionTypeId | undefined): ActionTypeSpec | undefined {
  if (!id) return undefined;
  return BY_KEY.get(actionTypeKey(id));
}

export function isSourceCategory(id: ActionTypeId | undefined): boolean {
  return id?.category === 'Source';
}

/** The namespaces CodePipeline reserves (§4.1). */
export const RESERVED_NAMESPACES = ['codepipeline', 'variables'] as const;
/** The only variable in the `codepipeline` namespace (§4.1). */
export const CODEPIPELINE_VARIABLES = ['PipelineExecutionId'];
