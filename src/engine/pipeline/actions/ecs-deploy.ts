/**
 * Deploy `ECS` (docs/aws/codepipeline.md §2.4, §3.3): reads `imagedefinitions.json` (or `FileName`) from the
 * input artifact, registers a new revision of the service's task definition with the named
 * containers' images replaced, and rolls the local service to it (src/local-aws/ecs/deployer.ts):
 * new task healthy, traffic moved, old task removed, within `DeploymentTimeout` minutes.
 *
 * The service is `ecs.services.<ServiceName>` of codelocal.yml, or created on its first deploy
 * from `taskdef.json` in the artifact when there is one (its port mappings), else from the image
 * definitions alone.
 */
import { readTextInside } from '../../../archive/index.js';
import {
  deploy,
  deployEnvFor,
  serviceSettings,
  ServiceStore,
  type TaskDefinition,
  taskDefinitionProblem,
  TaskDefinitionStore,
} from '../../../local-aws/index.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';

interface ImageDefinition {
  name: string;
  imageUri: string;
}

const failed = (summary: string): ActionResult => ({ status: 'Failed', summary });

/** The parsed file, or the failure. UNCERTAIN: AWS's wording for these failures is not documented. */
export function parseImageDefinitions(text: string, artifact: string, file: string): ImageDefinition[] | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `Exception while trying to parse the image URI file ${file} from the artifact: ${artifact}. ${(e as Error).message}`;
  }
  if (!Array.isArray(data) || data.length === 0)
    return `${file} in ${artifact} must be a JSON array of {"name", "imageUri"} objects`;
  for (const d of data as Partial<ImageDefinition>[]) {
    if (typeof d?.name !== 'string' || typeof d.imageUri !== 'string' || !d.name || !d.imageUri) {
      return `${file} in ${artifact}: every entry needs a "name" and an "imageUri"`;
    }
  }
  return data as ImageDefinition[];
}

function baseDefinition(
  ctx: ActionContext,
  dir: string,
  defs: ImageDefinition[],
  tds: TaskDefinitionStore,
): TaskDefinition | string {
  const c = ctx.configuration;
  const current = new ServiceStore(ctx.services.state.root).get(c.ClusterName!, c.ServiceName!);
  if (current) {
    const td = tds.get(current.taskDefinitionArn);
    if (td) return td.definition;
  }
  // A link in the artifact never leads the read out of it (docs/security.md).
  const text = readTextInside(dir, 'taskdef.json');
  if (text !== undefined) {
    let td: unknown;
    try {
      td = JSON.parse(text);
    } catch (e) {
      return `taskdef.json in the input artifact is not valid JSON: ${(e as Error).message}`;
    }
    ctx.log(
      `first deploy of service ${c.ServiceName}: its task definition comes from taskdef.json in the input artifact`,
    );
    return td as TaskDefinition;
  }
  const port = ctx.services.config.config.ecs.services[c.ServiceName!]?.port;
  ctx.log(`first deploy of service ${c.ServiceName}: a task definition with one container per image definition`);
  return {
    family: c.ServiceName!,
    containerDefinitions: defs.map((d, i) => ({
      name: d.name,
      image: d.imageUri,
      essential: true,
      ...(i === 0 && port ? { portMappings: [{ containerPort: port }] } : {}),
    })),
  };
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const c = ctx.configuration;
  const input = ctx.inputs[0]!;
  if (input.unpackError) return failed(`the input artifact ${input.record.name} is not a zip: ${input.unpackError}`);
  const fileName = c.FileName ?? 'imagedefinitions.json';
  const text = readTextInside(input.dir, fileName);
  if (text === undefined) {
    return failed(
      `Exception while trying to read the image URI file from the artifact: ${input.record.name}. ${fileName} does not exist in it.`,
    );
  }
  const defs = parseImageDefinitions(text, input.record.name, fileName);
  if (typeof defs === 'string') return failed(defs);
  const minutes = c.DeploymentTimeout === undefined ? 60 : Number(c.DeploymentTimeout);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60)
    return failed(`DeploymentTimeout must be 1 to 60 minutes, got ${c.DeploymentTimeout}`);

  const conf = ctx.services.config.config.ecs.services[c.ServiceName!];
  if (conf && conf.cluster !== c.ClusterName) {
    return failed(
      `ServiceNotFoundException: service ${c.ServiceName} is declared in cluster ${conf.cluster} (codelocal.yml), not ${c.ClusterName}`,
    );
  }
  const tds = new TaskDefinitionStore(ctx.services.state.root, ctx.services.accountId, ctx.services.region);
  const base = baseDefinition(ctx, input.dir, defs, tds);
  if (typeof base === 'string') return failed(base);
  // A new revision from the current one: only the named containers change image (§8 item 19).
  const next: TaskDefinition = structuredClone(base);
  for (const d of defs) {
    const container = next.containerDefinitions?.find((x) => x.name === d.name);
    if (!container)
      return failed(`The container ${d.name} does not exist in the task definition ${base.family} (${fileName})`);
    container.image = d.imageUri;
  }
  const problem = taskDefinitionProblem(next);
  if (problem) return failed(`invalid task definition: ${problem}`);
  const registered = tds.register(next);
  ctx.log(`registered ${registered.arn}`);

  const store = new ServiceStore(ctx.services.state.root).get(c.ClusterName!, c.ServiceName!);
  const withPort = next.containerDefinitions.find((x) => x.portMappings?.length);
  const kept =
    store?.target && next.containerDefinitions.some((x) => x.name === store.target.container) && store.target.port
      ? store.target
      : undefined;
  const target =
    kept ?? (withPort ? { container: withPort.name, port: withPort.portMappings![0]!.containerPort } : undefined);
  const env = await deployEnvFor(ctx);
  const outcome = await deploy(env, {
    service: serviceSettings(ctx, c.ClusterName!, c.ServiceName!, conf, target?.port),
    taskDefinition: registered,
    ...(target ? { target } : {}),
    timeoutMs: minutes * 60_000,
    kind: 'ECS',
  });
  return {
    status: outcome.ok ? 'Succeeded' : 'Failed',
    summary: outcome.summary,
    externalExecutionId: registered.arn,
    ...(outcome.ok && outcome.url ? { externalExecutionUrl: outcome.url } : {}),
  };
}

export const ecsDeployProvider: ActionProvider = {
  types: [{ category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' }],
  run,
};
