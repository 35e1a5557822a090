/**
 * The local AWS stand-ins' face (docs/local-aws.md): the HTTP endpoint (S3, SSM, Secrets Manager, STS, ECR,
 * CodePipeline job API), the local ECR registry and network, local ECS services, Lambda functions and
 * CloudFormation stacks, as the engine's deploy actions and the API use them. Below the engine: it
 * imports no engine type (the engine's ActionServices/ActionContext/ActionInput satisfy the small
 * structural types declared here), and reaches the container engine only through ContainerRuntime.
 */
export {
  ENDPOINT_HOST,
  FAKE_ACCESS_KEY_ID,
  FAKE_SECRET_ACCESS_KEY,
  LocalAws,
  type LocalAwsEndpoint,
  type LocalAwsOptions,
} from './local-aws.js';
export type { JobOutcome } from './aws/codepipeline.js';
export {
  TemplateApplyError,
  TemplateValidationError,
  applyTemplate,
  parseCapabilities,
  type StackIdentity,
} from './cloudformation/apply-template.js';
export { ParameterError, artifactPath, stackParameters, type ArtifactInput } from './cloudformation/parameters.js';
export { FAILED_STATES, StackStore, type ChangeSetRecord, type StackRecord } from './cloudformation/stack-store.js';
export { deploy } from './ecs/deployer.js';
export { deployEnvFor, serviceSettings, type DeployActionContext } from './ecs/deploy-env.js';
export { ServiceStore } from './ecs/service-store.js';
export { TaskDefinitionStore, taskDefinitionProblem, type TaskDefinition } from './ecs/task-definition.js';
export { ROLE_ECS_PROXY, proxyHoldingPort, serviceLabel } from './ecs/proxy.js';
export { ROLE_ECS_TASK } from './ecs/task.js';
export { removeUnusedTaskImages, type ImageRemoval } from './ecs/image-cleanup.js';
export { removeLegacyTaskImages } from './ecs/legacy-images.js';
export { ROLE_LAMBDA, startFunction } from './lambda/run-function.js';
export { ROLE_LOCAL_AWS } from './registry/network.js';
export { canLendNetworks, NetworkHolders, ROLE_NETWORK_HOLDER } from './network-holders.js';
export { withLentNetworks } from './build-hooks.js';
export { ROLE_REGISTRY } from './registry/registry.js';
export { ecrHost, ensureRegistry, REGISTRY_EVENTS_PATH, type LocalRegistry } from './registry/registry.js';
export {
  deployRevision,
  type DeployRequest,
  type DeployResult,
  type DeploymentOutcome,
} from './codedeploy/deployer.js';
export { resolveDeploymentGroup, type DeploymentGroup } from './codedeploy/group.js';
export { ROLE_CODEDEPLOY_INSTANCE } from './codedeploy/instances.js';
export { checkRevisionLinks } from './codedeploy/revision.js';
export { lambdaAppSpecFile, readLambdaAppSpec, type LambdaAppSpec } from './codedeploy/lambda-appspec.js';
export { deployLambdaRevision, type LambdaDeployResult } from './codedeploy/lambda-deployer.js';
