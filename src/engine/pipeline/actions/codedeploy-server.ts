/**
 * Deploy `CodeDeploy` to EC2/on-premises (codepipeline.md §2.4; codedeploy.md §7): the input
 * artifact is the revision, deployed by the local stand-in (src/local-aws/codedeploy/) to the
 * containers that stand in for the deployment group's instances, declared in codelocal.yml as
 * `codedeploy.deploymentGroups.<ApplicationName>/<DeploymentGroupName>`. This file only connects the
 * action to the stand-in: configuration, the local AWS endpoint for the hooks, and the result.
 */
import { CodelocalError } from '../../../errors.js';
import {
  ENDPOINT_HOST,
  FAKE_ACCESS_KEY_ID,
  FAKE_SECRET_ACCESS_KEY,
  deployRevision,
  localAwsOf,
  resolveDeploymentGroup,
  type DeployResult,
} from '../../../local-aws/index.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';

const failed = (summary: string, errorCode?: string): ActionResult => ({
  status: 'Failed',
  summary,
  ...(errorCode ? { errorCode } : {}),
});

/** Hooks reach the local endpoint as a build does (the one place this provider uses the local AWS). */
async function awsForHooks(ctx: ActionContext) {
  const aws = localAwsOf(ctx.services);
  const [{ url }, network] = await Promise.all([aws.endpoint(), aws.network()]);
  return {
    network: { name: network.name, extraHosts: [`${ENDPOINT_HOST}:${network.gateway}`] },
    env: {
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
      AWS_REGION: ctx.services.region,
      AWS_DEFAULT_REGION: ctx.services.region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  };
}

function summaryOf(r: DeployResult): string {
  if (r.status === 'Succeeded') {
    const failedLast = Object.values(r.instances).includes('Failed');
    return `Deployment ${r.deploymentId} succeeded${failedLast ? ` (${r.failure}; allowed by the deployment configuration)` : ''}`;
  }
  const rollback = r.rollback
    ? `; rolled back by deployment ${r.rollback.deploymentId} (${r.rollback.status})`
    : r.noRollback
      ? `; no rollback: ${r.noRollback}`
      : '';
  return `Deployment ${r.deploymentId} failed: ${r.failure ?? 'too few healthy instances'}${rollback}`;
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
    const result = await deployRevision({
      runtime: () => ctx.services.runtime(),
      stateRoot: ctx.services.state.root,
      group,
      revisionDir: input.dir,
      revisionLabel: input.record.name,
      hookAccess: () => awsForHooks(ctx),
      log: (line) => ctx.log(line),
      signal: ctx.signal,
    });
    return {
      status: result.status,
      summary: summaryOf(result),
      externalExecutionId: result.deploymentId,
      ...(result.status === 'Failed' ? { errorCode: 'CODEDEPLOY_DEPLOYMENT_FAILED' } : {}),
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
