/**
 * The catalogue's action types codelocal runs locally (a data table): per type, what CodePipeline
 * checks at create time (codepipeline.md §1.5 counts, §2 required keys, §4.2 variables), the
 * provider module in src/engine/pipeline/actions/ that runs it, what it needs, and the one sentence
 * of what runs locally. Adding a provider is its module plus an entry here.
 */
import type { ActionDeclaration } from './pipeline-types.js';
import type { ActionTypeSpec, LocalTextInput } from './action-type-spec.js';

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
const NOTHING = { docker: false, localAws: false };
const CONTAINERS = { docker: true, localAws: true };

const firstInput = (a: ActionDeclaration) => a.inputArtifacts[0]?.name ?? '(no input)';

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
  more: Pick<ActionTypeSpec, 'module' | 'needs' | 'local'> & { owner?: string },
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
  };
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
    module: 'codebuild',
    needs: CONTAINERS,
    local: (a, { project: p }) => {
      if (!p) return `runs CodeBuild project ${a.configuration.ProjectName ?? '?'}`;
      const how = p.defined ? `project ${p.name}` : `the defaults (project ${p.name} is defined nowhere)`;
      return `runs ${p.buildspec} from ${p.primarySource ?? firstInput(a)} with ${how} in image ${p.image}`;
    },
  };
}

export const EMULATED_ACTION_TYPES: readonly ActionTypeSpec[] = [
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
    module: 'commands',
    needs: CONTAINERS,
    local: (a) => {
      const n = a.commands?.length ?? 0;
      return `runs ${n} command${n === 1 ? '' : 's'} in the default CodeBuild standard image with ${firstInput(a)} as the primary source`;
    },
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
    module: 'manual-approval',
    needs: NOTHING,
    local: () =>
      'waits for an approval: --approve/--reject, a y/n answer on the terminal, or codelocal pipeline approve',
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
    module: 'ecs-deploy',
    needs: CONTAINERS,
    local: (a) => {
      const c = a.configuration;
      return `rolls the local service ${c.ServiceName} (cluster ${c.ClusterName}) to the images in ${c.FileName ?? 'imagedefinitions.json'} of ${firstInput(a)}: a new task container, healthy before the old one stops`;
    },
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
    module: 'codedeploy-ecs',
    needs: CONTAINERS,
    local: (a) =>
      `blue/green deployment of the local service of deployment group ${a.configuration.DeploymentGroupName}: green task tested, traffic moved, blue stopped`,
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
    module: 's3-deploy',
    needs: { docker: false, localAws: true },
    local: (a) => {
      const c = a.configuration;
      return (c.Extract ?? '').toLowerCase() === 'true'
        ? `unzips ${firstInput(a)} into s3://${c.BucketName}/${c.ObjectKey ?? ''} of the local S3 store`
        : `copies ${firstInput(a)} as one zip to s3://${c.BucketName}/${c.ObjectKey} of the local S3 store`;
    },
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
    module: 'cloudformation',
    needs: { docker: false, localAws: true },
    local: ({ configuration: c }) =>
      `${c.ActionMode} on the local stack record ${c.StackName}${c.TemplatePath ? ` with template ${c.TemplatePath}` : ''} (template resolved and checked; no AWS resources)`,
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
    module: 'lambda-invoke',
    needs: CONTAINERS,
    local: ({ configuration: c }) =>
      `runs the local function ${c.FunctionName} (lambda.functions of codelocal.yml) in a runner container with a CodePipeline job event and waits for its PutJob*Result`,
  },
];
