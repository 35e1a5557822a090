/**
 * What `Ref` and `Fn::GetAtt` return for the resource types pipelines commonly reference
 * (docs/aws/codepipeline.md §6.1–§6.3). Nothing is deployed locally, so physical ids are the declared name
 * property, or a stable name derived from the stack and logical id, never random.
 */
import { createHash } from 'node:crypto';

export interface StackInfo {
  accountId: string;
  region: string;
  partition: string;
  urlSuffix: string;
  stackName: string;
}

/** The property that names each resource type (its Ref value when set). */
export const NAME_PROPERTY: Record<string, string> = {
  'AWS::CodeBuild::Project': 'Name',
  'AWS::CodePipeline::Pipeline': 'Name',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Events::Rule': 'Name',
  'AWS::CodeCommit::Repository': 'RepositoryName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::ECS::Cluster': 'ClusterName',
};

/**
 * Types named by their logical id locally when their name property is unknown (an import, a dynamic
 * reference): a pipeline action's `!Ref` and the project or pipeline then agree (docs/fidelity.md, issue 11).
 */
export const LOCALLY_NAMED_TYPES = new Set(['AWS::CodeBuild::Project', 'AWS::CodePipeline::Pipeline']);

/** Types whose generated names must be lowercase (S3 and ECR reject capitals). */
const LOWERCASE_TYPES = new Set(['AWS::S3::Bucket', 'AWS::ECR::Repository']);

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 12);
}

/**
 * CloudFormation generates `<stack>-<logicalId>-<random>` for unnamed resources. We keep the shape but
 * make the suffix a hash so runs are reproducible. Projects, pipelines and roles use the logical id,
 * which is what users expect to see in logs and what `--project`/stage names refer to.
 */
export function generatedName(type: string, logicalId: string, stack: StackInfo): string {
  if (!LOWERCASE_TYPES.has(type)) return logicalId;
  const base = `${stack.stackName}-${logicalId}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `${base.slice(0, 50)}-${shortHash(`${stack.accountId}/${stack.region}/${base}`)}`;
}

/** The Ref value of a resource, given its name (declared or generated). */
export function refValue(type: string, name: string, stack: StackInfo): string {
  const { partition: p, region: r, accountId: a, urlSuffix } = stack;
  switch (type) {
    case 'AWS::SNS::Topic':
      return `arn:${p}:sns:${r}:${a}:${name}`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${r}.${urlSuffix}/${a}/${name}`;
    case 'AWS::IAM::ManagedPolicy':
      return `arn:${p}:iam::${a}:policy/${name}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:${p}:states:${r}:${a}:stateMachine:${name}`;
    default:
      return name;
  }
}

/**
 * `Fn::GetAtt` for known (type, attribute) pairs; undefined when we do not know the attribute
 * (the caller substitutes a placeholder and warns). `prop` reads another resolved property.
 */
export function attributeValue(
  type: string,
  name: string,
  attr: string,
  stack: StackInfo,
  prop: (key: string) => unknown,
): string | undefined {
  const { partition: p, region: r, accountId: a, urlSuffix } = stack;
  const table: Record<string, Record<string, () => string>> = {
    'AWS::CodeBuild::Project': { Arn: () => `arn:${p}:codebuild:${r}:${a}:project/${name}`, Id: () => name },
    'AWS::CodePipeline::Pipeline': { Version: () => '1', Arn: () => `arn:${p}:codepipeline:${r}:${a}:${name}` },
    'AWS::IAM::Role': {
      Arn: () => `arn:${p}:iam::${a}:role${typeof prop('Path') === 'string' ? String(prop('Path')) : '/'}${name}`,
      RoleId: () => `AROA${shortHash(name).toUpperCase()}`,
    },
    'AWS::S3::Bucket': {
      Arn: () => `arn:${p}:s3:::${name}`,
      DomainName: () => `${name}.s3.${urlSuffix}`,
      RegionalDomainName: () => `${name}.s3.${r}.${urlSuffix}`,
      DualStackDomainName: () => `${name}.s3.dualstack.${r}.${urlSuffix}`,
      WebsiteURL: () => `http://${name}.s3-website-${r}.${urlSuffix}`,
    },
    'AWS::Lambda::Function': { Arn: () => `arn:${p}:lambda:${r}:${a}:function:${name}` },
    'AWS::ECR::Repository': {
      Arn: () => `arn:${p}:ecr:${r}:${a}:repository/${name}`,
      RepositoryUri: () => `${a}.dkr.ecr.${r}.${urlSuffix}/${name}`,
    },
    'AWS::Logs::LogGroup': { Arn: () => `arn:${p}:logs:${r}:${a}:log-group:${name}:*` },
    'AWS::SNS::Topic': { TopicArn: () => `arn:${p}:sns:${r}:${a}:${name}`, TopicName: () => name },
    'AWS::SQS::Queue': {
      Arn: () => `arn:${p}:sqs:${r}:${a}:${name}`,
      QueueName: () => name,
      QueueUrl: () => `https://sqs.${r}.${urlSuffix}/${a}/${name}`,
    },
    'AWS::Events::Rule': { Arn: () => `arn:${p}:events:${r}:${a}:rule/${name}` },
    'AWS::CodeCommit::Repository': {
      Arn: () => `arn:${p}:codecommit:${r}:${a}:${name}`,
      Name: () => name,
      CloneUrlHttp: () => `https://git-codecommit.${r}.${urlSuffix}/v1/repos/${name}`,
      CloneUrlSsh: () => `ssh://git-codecommit.${r}.${urlSuffix}/v1/repos/${name}`,
    },
    'AWS::KMS::Key': { Arn: () => `arn:${p}:kms:${r}:${a}:key/${name}`, KeyId: () => name },
    'AWS::StepFunctions::StateMachine': {
      Arn: () => `arn:${p}:states:${r}:${a}:stateMachine:${name}`,
      Name: () => name,
    },
    'AWS::ECS::Cluster': { Arn: () => `arn:${p}:ecs:${r}:${a}:cluster/${name}` },
  };
  return table[type]?.[attr]?.();
}

export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}

/** A stable fake stack id (`arn:...:stack/<name>/<uuid>`) derived from the stack's identity. */
export function stackId(stack: StackInfo): string {
  const h = createHash('sha256').update(`${stack.accountId}/${stack.region}/${stack.stackName}`).digest('hex');
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return `arn:${stack.partition}:cloudformation:${stack.region}:${stack.accountId}:stack/${stack.stackName}/${uuid}`;
}
