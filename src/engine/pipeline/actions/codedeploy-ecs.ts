/**
 * Deploy `CodeDeployToECS` (docs/aws/codepipeline.md §2.4, §3.4, §8 item 20): a blue/green deployment of a
 * local ECS service. The task definition template gets `<Image<N>ContainerName>` replaced by the
 * ImageURI of `imageDetail.json` in `Image<N>ArtifactName`, is registered, and its ARN replaces
 * `<TASK_DEFINITION>` in the AppSpec; the AppSpec's LoadBalancerInfo names the container and port
 * traffic goes to. The deployment group is the service in codelocal.yml whose `deploymentGroup` is
 * DeploymentGroupName (or the service of that name). Lifecycle hooks are not run locally (logged).
 */
import { parse as parseYaml } from 'yaml';
import { readTextInside } from '../../../archive/index.js';
import type { EcsServiceConfig } from '../../../workspace/index.js';
import {
  deploy,
  deployEnvFor,
  serviceSettings,
  type TaskDefinition,
  taskDefinitionProblem,
  TaskDefinitionStore,
} from '../../../local-aws/index.js';
import type { ActionContext, ActionInput, ActionProvider, ActionResult } from '../types.js';

const failed = (summary: string): ActionResult => ({ status: 'Failed', summary });

function readFrom(ctx: ActionContext, artifact: string, path: string): string | ActionResult {
  const input: ActionInput | undefined = ctx.inputs.find((i) => i.record.name === artifact);
  if (!input) return failed(`${artifact} is not an input artifact of this action`);
  if (input.unpackError) return failed(`the input artifact ${artifact} is not a zip: ${input.unpackError}`);
  // A link in the artifact never leads the read out of it (docs/security.md).
  return readTextInside(input.dir, path) ?? failed(`${path} does not exist in the input artifact ${artifact}`);
}

/** Substitutes `<Image<N>ContainerName>` placeholders; returns the text or the failure. */
export function substituteImages(ctx: ActionContext, template: string): string | ActionResult {
  let text = template;
  for (let n = 1; n <= 4; n++) {
    const artifact = ctx.configuration[`Image${n}ArtifactName`];
    if (!artifact) continue;
    // UNCERTAIN: without Image<N>ContainerName the console's example placeholder is used.
    const placeholder = ctx.configuration[`Image${n}ContainerName`] ?? `IMAGE${n}_NAME`;
    const detail = readFrom(ctx, artifact, 'imageDetail.json');
    if (typeof detail !== 'string') return detail;
    let uri: unknown;
    try {
      uri = (JSON.parse(detail) as { ImageURI?: unknown }).ImageURI;
    } catch (e) {
      return failed(`imageDetail.json in ${artifact} is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof uri !== 'string' || !uri) return failed(`imageDetail.json in ${artifact} has no ImageURI`);
    text = text.split(`<${placeholder}>`).join(uri);
    ctx.log(`<${placeholder}> = ${uri}`);
  }
  return text;
}

function serviceFor(services: Record<string, EcsServiceConfig>, group: string): [string, EcsServiceConfig] | undefined {
  return (
    Object.entries(services).find(([, s]) => s.deploymentGroup === group) ??
    (services[group] ? [group, services[group]!] : undefined)
  );
}

interface LoadBalancerInfo {
  ContainerName?: string;
  ContainerPort?: number;
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const c = ctx.configuration;
  const tdText = readFrom(ctx, c.TaskDefinitionTemplateArtifact!, c.TaskDefinitionTemplatePath ?? 'taskdef.json');
  if (typeof tdText !== 'string') return tdText;
  const specText = readFrom(ctx, c.AppSpecTemplateArtifact!, c.AppSpecTemplatePath ?? 'appspec.yaml');
  if (typeof specText !== 'string') return specText;
  const substituted = substituteImages(ctx, tdText);
  if (typeof substituted !== 'string') return substituted;
  let td: TaskDefinition;
  try {
    td = JSON.parse(substituted) as TaskDefinition;
  } catch (e) {
    return failed(`the task definition template is not valid JSON: ${(e as Error).message}`);
  }
  const problem = taskDefinitionProblem(td);
  if (problem) return failed(`invalid task definition: ${problem}`);
  const left = /<([A-Za-z0-9_]+)>/.exec(JSON.stringify(td.containerDefinitions.map((x) => x.image)));
  if (left)
    return failed(`the task definition still has the placeholder <${left[1]}>: no Image<N>ContainerName names it`);

  const found = serviceFor(ctx.services.config.config.ecs.services, c.DeploymentGroupName!);
  if (!found) {
    return failed(
      `DeploymentGroupDoesNotExistException: No Deployment Group found for name: ${c.DeploymentGroupName} (declare the service in codelocal.yml with ecs.services.<name>.deploymentGroup: ${c.DeploymentGroupName})`,
    );
  }
  const [serviceName, conf] = found;
  const registered = new TaskDefinitionStore(
    ctx.services.state.root,
    ctx.services.accountId,
    ctx.services.region,
  ).register(td);
  ctx.log(`registered ${registered.arn}`);

  let appspec: {
    Resources?: { TargetService?: { Properties?: { LoadBalancerInfo?: LoadBalancerInfo } } }[];
    Hooks?: unknown[];
  };
  try {
    appspec = parseYaml(specText.split('<TASK_DEFINITION>').join(registered.arn)) as typeof appspec;
  } catch (e) {
    return failed(`the AppSpec file is not valid YAML: ${(e as Error).message}`);
  }
  const lb = appspec?.Resources?.[0]?.TargetService?.Properties?.LoadBalancerInfo;
  if (!lb?.ContainerName || !Number.isInteger(Number(lb.ContainerPort))) {
    return failed(
      'the AppSpec file needs Resources[0].TargetService.Properties.LoadBalancerInfo with ContainerName and ContainerPort',
    );
  }
  if (!td.containerDefinitions.some((x) => x.name === lb.ContainerName)) {
    return failed(
      `The AppSpec's LoadBalancerInfo names container ${lb.ContainerName}, which is not in the task definition`,
    );
  }
  if (Array.isArray(appspec.Hooks) && appspec.Hooks.length)
    ctx.log('AppSpec Hooks (Lambda functions) are not run locally');
  const target = { container: lb.ContainerName, port: Number(lb.ContainerPort) };
  const outcome = await deploy(await deployEnvFor(ctx), {
    service: serviceSettings(ctx, conf.cluster, serviceName, conf, target.port),
    taskDefinition: registered,
    target,
    // CodeDeploy's own timeout is long; the health wait is capped in the deployer.
    timeoutMs: 60 * 60_000,
    kind: 'CodeDeployToECS',
  });
  return {
    status: outcome.ok ? 'Succeeded' : 'Failed',
    summary: outcome.summary,
    externalExecutionId: registered.arn,
    ...(outcome.ok && outcome.url ? { externalExecutionUrl: outcome.url } : {}),
  };
}

export const codeDeployToEcsProvider: ActionProvider = {
  types: [{ category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' }],
  run,
};
