/**
 * The catalogue's real CodePipeline action types codelocal has no local stand-in for (a data
 * table). Validation accepts them, as CreatePipeline does; running one fails that action with
 * ACTION_NOT_EMULATED, in our own words, so nobody mistakes a local limitation for an AWS
 * rejection. Artifact counts follow codepipeline.md §1.5 where it lists the type; elsewhere they
 * are deliberately loose (UNCERTAIN) so a file AWS accepts is never refused here. Configuration
 * keys are not checked: codelocal does not run these, so it cannot tell a typo from a new key.
 */
import type { ActionTypeSpec } from './action-type-spec.js';

interface Entry {
  category: string;
  provider: string;
  owner?: string;
  /** What it does on AWS, for the sentence (`deploys to Elastic Beanstalk`). */
  does: string;
  inputs: [number, number];
  outputs: [number, number];
  required?: string[];
  v2Only?: boolean;
}

const ENTRIES: Entry[] = [
  {
    category: 'Deploy',
    provider: 'CodeDeploy',
    does: 'a CodeDeploy deployment to EC2, on-premises or Lambda',
    inputs: [1, 1],
    outputs: [0, 0],
    required: ['ApplicationName', 'DeploymentGroupName'],
  },
  {
    category: 'Deploy',
    provider: 'ElasticBeanstalk',
    does: 'an Elastic Beanstalk deployment',
    inputs: [1, 1],
    outputs: [0, 0],
  },
  { category: 'Deploy', provider: 'OpsWorks', does: 'an OpsWorks deployment', inputs: [1, 1], outputs: [0, 0] },
  {
    category: 'Deploy',
    provider: 'ServiceCatalog',
    does: 'a Service Catalog product update',
    inputs: [1, 1],
    outputs: [0, 0],
  },
  { category: 'Deploy', provider: 'AppConfig', does: 'an AppConfig deployment', inputs: [1, 1], outputs: [0, 0] },
  {
    category: 'Deploy',
    provider: 'AlexaSkillsKit',
    owner: 'ThirdParty',
    does: 'an Alexa skill deployment',
    inputs: [1, 2],
    outputs: [0, 0],
  },
  {
    category: 'Deploy',
    provider: 'CloudFormationStackSet',
    does: 'a CloudFormation StackSet update',
    inputs: [0, 10],
    outputs: [0, 0],
  },
  {
    category: 'Deploy',
    provider: 'CloudFormationStackInstances',
    does: 'CloudFormation StackSet instances',
    inputs: [0, 10],
    outputs: [0, 0],
  },
  { category: 'Deploy', provider: 'EKS', does: 'a deployment to an EKS cluster', inputs: [0, 1], outputs: [0, 0] },
  {
    category: 'Deploy',
    provider: 'EC2',
    does: 'a deployment to EC2 instances',
    inputs: [1, 1],
    outputs: [0, 0],
    v2Only: true,
  },
  { category: 'Deploy', provider: 'Lambda', does: 'a Lambda function deployment', inputs: [0, 1], outputs: [0, 0] },
  { category: 'Test', provider: 'DeviceFarm', does: 'a Device Farm test run', inputs: [1, 1], outputs: [0, 0] },
  {
    category: 'Invoke',
    provider: 'StepFunctions',
    does: 'a Step Functions state machine execution',
    inputs: [0, 1],
    outputs: [0, 1],
    required: ['StateMachineArn'],
  },
  { category: 'Invoke', provider: 'InspectorScan', does: 'an Amazon Inspector scan', inputs: [0, 1], outputs: [0, 1] },
  {
    category: 'Build',
    provider: 'ECRBuildAndPublish',
    does: 'an image build and push to ECR',
    inputs: [0, 1],
    outputs: [0, 0],
    v2Only: true,
  },
];

function spec(e: Entry): ActionTypeSpec {
  return {
    category: e.category,
    owner: e.owner ?? 'AWS',
    provider: e.provider,
    version: '1',
    inputs: { min: e.inputs[0], max: e.inputs[1] },
    outputs: { min: e.outputs[0], max: e.outputs[1] },
    requiredKeys: e.required ?? [],
    variables: 'dynamic',
    ...(e.v2Only ? { v2Only: true } : {}),
    needs: { docker: false, localAws: false },
    local: () => `cannot run locally: codelocal has no stand-in for ${e.does} (ACTION_NOT_EMULATED)`,
  };
}

export const NOT_EMULATED_ACTION_TYPES: readonly ActionTypeSpec[] = ENTRIES.map(spec);
