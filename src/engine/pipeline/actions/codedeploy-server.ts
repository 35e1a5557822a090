/**
 * Deploy `CodeDeploy` (codepipeline.md §2.4; codedeploy.md §7): the input artifact is the revision,
 * deployed by the local stand-in (src/local-aws/codedeploy/) to the deployment group declared in
 * codelocal.yml as `codedeploy.deploymentGroups.<ApplicationName>/<DeploymentGroupName>`. An
 * EC2/on-premises revision (appspec.yml with files and hooks) goes to the group's instance containers;
 * a Lambda AppSpec (Resources) moves a local alias between its hook functions. This file only connects
 * the action to the stand-in: configuration, the local AWS endpoint, and the result.
 */
import { CodelocalError } from '../../../errors.js';
import {
  ENDPOINT_HOST,
  FAKE_ACCESS_KEY_ID,
  FAKE_SECRET_ACCESS_KEY,
  checkRevisionLinks,
  deployLambdaRevision,
  deployRevision,
  lambdaAppSpecFile,
  readLambdaAppSpec,
  resolveDeploymentGroup,
  type DeployResult,
  type DeploymentGroup,
  type LambdaDeployResult,
} from '../../../local-aws/index.js';
import type { ActionContext, ActionInput, ActionProvider, ActionResult } from '../types.js';

const failed = (summary: string, errorCode?: string): ActionResult => ({
  status: 'Failed',
  summary,
  ...(errorCode ? { errorCode } : {}),
});

/** The run's local AWS endpoint and network (the one place this provider uses the local AWS). */
async function localAws(ctx: ActionContext) {
  const aws = ctx.services.localAws;
  const [{ server, url }, network] = await Promise.all([aws.endpoint(), aws.network()]);
  return { jobs: server.jobs, url, network: network.name, extraHosts: [`${ENDPOINT_HOST}:${network.gateway}`] };
}

/** Hooks on instances reach the local endpoint as a build does. */
async function hookAccess(ctx: ActionContext) {
  const aws = await localAws(ctx);
  return {
    network: { name: aws.network, extraHosts: aws.extraHosts },
    env: {
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
      AWS_REGION: ctx.services.region,
      AWS_DEFAULT_REGION: ctx.services.region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  };
}

function summaryOf(r: DeployResult | LambdaDeployResult): string {
  if (r.status === 'Succeeded') {
    const failedLast = 'instances' in r && Object.values(r.instances).includes('Failed');
    return `Deployment ${r.deploymentId} succeeded${failedLast ? ` (${r.failure}; allowed by the deployment configuration)` : ''}`;
  }
  const noRollback = 'noRollback' in r && r.noRollback ? `; no rollback: ${r.noRollback}` : '';
  const rollback = r.rollback
    ? `; rolled back by deployment ${r.rollback.deploymentId} (${r.rollback.status})`
    : noRollback;
  return `Deployment ${r.deploymentId} failed: ${r.failure ?? 'too few healthy instances'}${rollback}`;
}

async function deployToLambda(ctx: ActionContext, group: DeploymentGroup, input: ActionInput, file: string) {
  const spec = readLambdaAppSpec(file, input.record.name);
  return deployLambdaRevision({
    stateRoot: ctx.services.state.root,
    group,
    spec,
    functions: ctx.services.config.config.lambda?.functions ?? {},
    access: async () => {
      const aws = await localAws(ctx);
      const runtime = await ctx.services.runtime();
      const { region, accountId } = ctx.services;
      return {
        runtime,
        jobs: aws.jobs,
        endpointUrl: aws.url,
        network: aws.network,
        extraHosts: aws.extraHosts,
        region,
        accountId,
      };
    },
    log: (line) => ctx.log(line),
    output: (text) => ctx.output(text),
    signal: ctx.signal,
  });
}

function deployToInstances(ctx: ActionContext, group: DeploymentGroup, input: ActionInput) {
  return deployRevision({
    runtime: () => ctx.services.runtime(),
    stateRoot: ctx.services.state.root,
    group,
    revisionDir: input.dir,
    revisionLabel: input.record.name,
    hookAccess: () => hookAccess(ctx),
    log: (line) => ctx.log(line),
    signal: ctx.signal,
  });
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const c = ctx.configuration;
  const group = resolveDeploymentGroup(
    ctx.services.config.config.codedeploy,
    c.ApplicationName!,
    c.DeploymentGroupName!,
  );
  if (typeof group === 'string') return failed(group, 'CODEDEPLOY_GROUP_NOT_DECLARED');
  const input = ctx.inputs[0]!;
  if (input.unpackError) return failed(`the revision ${input.record.name} is not a zip: ${input.unpackError}`);
  try {
    checkRevisionLinks(input.dir);
    const lambdaFile = lambdaAppSpecFile(input.dir);
    const result = lambdaFile
      ? await deployToLambda(ctx, group, input, lambdaFile)
      : await deployToInstances(ctx, group, input);
    return {
      status: result.status,
      summary: summaryOf(result),
      externalExecutionId: result.deploymentId,
      ...(result.status === 'Failed' ? { errorCode: 'CODEDEPLOY_DEPLOYMENT_FAILED' as const } : {}),
    };
  } catch (e) {
    if (e instanceof CodelocalError && e.kind === 'input') return failed(e.describe(), e.code);
    throw e;
  }
}

export const codeDeployServerProvider: ActionProvider = {
  types: [{ category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' }],
  run,
};
