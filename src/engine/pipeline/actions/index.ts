/** The providers codelocal ships, one file each; deploy providers register here as they land. */
import { ProviderRegistry } from '../registry.js';
import type { ActionProvider } from '../types.js';
import { cloudFormationProvider } from './cloudformation.js';
import { codeBuildProvider } from './codebuild.js';
import { codeCommitProvider } from './codecommit.js';
import { codeDeployToEcsProvider } from './codedeploy-ecs.js';
import { codeStarConnectionProvider } from './codestar-connection.js';
import { commandsProvider } from './commands.js';
import { ecrSourceProvider } from './ecr-source.js';
import { ecsDeployProvider } from './ecs-deploy.js';
import { gitHubV1Provider } from './github-v1.js';
import { lambdaInvokeProvider } from './lambda-invoke.js';
import { manualApprovalProvider } from './manual-approval.js';
import { s3DeployProvider } from './s3-deploy.js';
import { s3SourceProvider } from './s3-source.js';

export const BUILTIN_PROVIDERS: readonly ActionProvider[] = [
  codeStarConnectionProvider,
  codeCommitProvider,
  gitHubV1Provider,
  s3SourceProvider,
  ecrSourceProvider,
  codeBuildProvider,
  commandsProvider,
  manualApprovalProvider,
  ecsDeployProvider,
  codeDeployToEcsProvider,
  s3DeployProvider,
  cloudFormationProvider,
  lambdaInvokeProvider,
];

export function defaultRegistry(): ProviderRegistry {
  return new ProviderRegistry(BUILTIN_PROVIDERS);
}
