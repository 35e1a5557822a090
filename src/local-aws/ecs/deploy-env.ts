/** A DeployEnv for a pipeline action: the run's runtime, local ECR and network, and secrets from the stubs. */
import type { EcsServiceConfig } from '../../workspace/index.js';
import type { ContainerRuntime } from '../../runtime/index.js';
import type { LocalAws } from '../local-aws.js';
import type { DeployEnv, ServiceSettings } from './deployer.js';
import { pullRefusal } from './pull-access.js';

/** What a deploy action's context gives (the engine's ActionContext has it; declared here so local-aws imports no engine type). */
export interface DeployActionContext {
  services: {
    localAws: LocalAws;
    runtime(): Promise<ContainerRuntime>;
    state: { readonly root: string };
    accountId: string;
    region: string;
  };
  log(line: string): void;
  signal: AbortSignal;
  /** The action as declared: its RoleArn is who pulls the images (docs/aws/iam.md §3.1, §3.5). */
  declaration?: { roleArn?: string };
}

export async function deployEnvFor(ctx: DeployActionContext): Promise<DeployEnv> {
  const aws = ctx.services.localAws;
  const network = await aws.network();
  return {
    runtime: await ctx.services.runtime(),
    stateRoot: ctx.services.state.root,
    network: network.name,
    ecrHost: aws.registryHost,
    registry: () => aws.registry(),
    // ECS's valueFrom: a Secrets Manager ARN (with CodeBuild's json-key:stage:id suffixes) or an SSM parameter.
    secret: (valueFrom) =>
      /^arn:[^:]+:secretsmanager:/.test(valueFrom)
        ? aws.stubs().resolveSecret(valueFrom)
        : aws.stubs().resolveParameter(valueFrom),
    log: (line) => ctx.log(line),
    signal: ctx.signal,
    pullRefusal: (uri) => pullRefusal(aws, ctx.declaration?.roleArn, uri, (line) => ctx.log(line)),
  };
}

export function serviceSettings(
  ctx: DeployActionContext,
  cluster: string,
  name: string,
  conf: EcsServiceConfig | undefined,
  fallbackPort?: number,
): ServiceSettings {
  const port = conf?.port ?? fallbackPort;
  return {
    account: ctx.services.accountId,
    region: ctx.services.region,
    cluster,
    name,
    stateDir: ctx.services.state.root,
    ...(port ? { port } : {}),
    ...(conf?.testPort ? { testPort: conf.testPort } : {}),
    healthCheckPath: conf?.healthCheckPath ?? '/',
    terminationWaitSeconds: conf?.terminationWaitSeconds ?? 5,
  };
}
