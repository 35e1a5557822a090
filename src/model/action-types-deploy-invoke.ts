/**
 * The action-type catalogue's Deploy and Invoke entries (a data table): per type, what
 * CodePipeline checks at create time (docs/aws/codepipeline.md §1.5 counts, §2.4–§2.5 keys), the provider
 * module in src/engine/pipeline/actions/ that runs it (none: not emulated), what it needs, and the
 * one sentence of what runs locally.
 */
import type { ActionTypeSpec } from './action-type-spec.js';
import { CONTAINERS, firstInput, notEmulated } from './action-type-helpers.js';

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

export const DEPLOY_INVOKE_ACTION_TYPES: readonly ActionTypeSpec[] = [
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
        // CreatePipeline takes the action without it (docs/aws/codepipeline.md §2.4): a warning only.
        atRunTime: true,
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
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'CodeDeploy',
    version: '1',
    inputs: { min: 1, max: 1 },
    outputs: { min: 0, max: 0 },
    requiredKeys: ['ApplicationName', 'DeploymentGroupName'],
    knownKeys: ['ApplicationName', 'DeploymentGroupName'],
    variables: [],
    module: 'codedeploy-server',
    needs: CONTAINERS,
    local: ({ configuration: c, inputArtifacts }) =>
      `deploys the revision ${inputArtifacts[0]?.name ?? '(no input)'} to the local deployment group ${c.ApplicationName}/${c.DeploymentGroupName} (codedeploy.deploymentGroups of codelocal.yml): an appspec.yml to its instance containers, hooks in lifecycle order; a Lambda AppSpec moves the local alias between its hook functions`,
  },
  notEmulated({
    category: 'Deploy',
    provider: 'ElasticBeanstalk',
    does: 'an Elastic Beanstalk deployment',
    inputs: [1, 1],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'OpsWorks',
    does: 'an OpsWorks deployment',
    inputs: [1, 1],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'ServiceCatalog',
    does: 'a Service Catalog product update',
    inputs: [1, 1],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'AppConfig',
    does: 'an AppConfig deployment',
    inputs: [1, 1],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'AlexaSkillsKit',
    owner: 'ThirdParty',
    does: 'an Alexa skill deployment',
    inputs: [1, 2],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'CloudFormationStackSet',
    does: 'a CloudFormation StackSet update',
    inputs: [0, 10],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'CloudFormationStackInstances',
    does: 'CloudFormation StackSet instances',
    inputs: [0, 10],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'EKS',
    does: 'a deployment to an EKS cluster',
    inputs: [0, 1],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'EC2',
    does: 'a deployment to EC2 instances',
    inputs: [1, 1],
    outputs: [0, 0],
    v2Only: true,
  }),
  notEmulated({
    category: 'Deploy',
    provider: 'Lambda',
    does: 'a Lambda function deployment',
    inputs: [0, 1],
    outputs: [0, 0],
  }),
  notEmulated({
    category: 'Invoke',
    provider: 'StepFunctions',
    does: 'a Step Functions state machine execution',
    inputs: [0, 1],
    outputs: [0, 1],
    required: ['StateMachineArn'],
  }),
  notEmulated({
    category: 'Invoke',
    provider: 'InspectorScan',
    does: 'an Amazon Inspector scan',
    inputs: [0, 1],
    outputs: [0, 1],
  }),
];
