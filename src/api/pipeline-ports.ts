/**
 * The host ports a pipeline's deploy actions will publish, checked before the run starts (issue 17):
 * a port in use would otherwise fail the deploy after every build and push, with Docker's raw text and a
 * `Created` proxy left behind. Only ports written in codelocal.yml (`ecs.services.<name>.port` and
 * `.testPort`) are known before the run; a port taken from the task definition is checked when the
 * deploy creates its proxy. A port held by this state folder's own proxy for the same service is a
 * re-deploy, not a conflict.
 */
import { createServer } from 'node:net';
import { EnvironmentError } from '../errors.js';
import type { PipelineDeclaration } from '../model/index.js';
import { proxyHoldingPort, serviceLabel } from '../local-aws/index.js';
import { stateDirLabel, type ContainerRuntime } from '../runtime/index.js';
import type { EcsServiceConfig, LoadedConfig } from '../workspace/index.js';

export interface PlannedHostPort {
  port: number;
  /** The codelocal.yml key that sets it, e.g. `ecs.services.web.testPort`. */
  key: string;
  action: string;
  cluster: string;
  service: string;
}

/** The service a CodeDeployToECS deployment group deploys, as the action resolves it. */
function serviceForGroup(
  services: Record<string, EcsServiceConfig>,
  group: string,
): [string, EcsServiceConfig] | undefined {
  return (
    Object.entries(services).find(([, s]) => s.deploymentGroup === group) ??
    (services[group] ? [group, services[group]!] : undefined)
  );
}

/** Every configured host port the pipeline's ECS and CodeDeployToECS actions will bind. */
export function plannedHostPorts(
  pipeline: PipelineDeclaration,
  services: Record<string, EcsServiceConfig>,
): PlannedHostPort[] {
  const out: PlannedHostPort[] = [];
  for (const stage of pipeline.stages) {
    for (const a of stage.actions) {
      const c = (a.configuration ?? {}) as Record<string, string | undefined>;
      const provider = a.actionTypeId.provider;
      let found: [string, EcsServiceConfig] | undefined;
      if (provider === 'ECS' && c.ServiceName && services[c.ServiceName])
        found = [c.ServiceName, services[c.ServiceName]!];
      else if (provider === 'CodeDeployToECS' && c.DeploymentGroupName)
        found = serviceForGroup(services, c.DeploymentGroupName);
      if (!found) continue;
      const [name, conf] = found;
      const action = `${stage.name}.${a.name}`;
      const base = { action, cluster: conf.cluster, service: name };
      if (conf.port) out.push({ ...base, port: conf.port, key: `ecs.services.${name}.port` });
      if (conf.port && conf.testPort) out.push({ ...base, port: conf.testPort, key: `ecs.services.${name}.testPort` });
    }
  }
  return out;
}

/** True when nothing listens on 127.0.0.1:port (where local services publish). */
export function isHostPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export interface PortCheckDeps {
  isFree?: (port: number) => Promise<boolean>;
  /** The engine, asked only when a port is busy (who holds it). */
  runtime: () => Promise<ContainerRuntime>;
}

/** Throws HOST_PORT_TAKEN (exit 3) naming the codelocal.yml key to change, before anything runs. */
export async function checkDeployPorts(
  pipeline: PipelineDeclaration,
  config: LoadedConfig,
  scope: { stateRoot: string; region: string },
  deps: PortCheckDeps,
): Promise<void> {
  const isFree = deps.isFree ?? isHostPortFree;
  const where = config.file ?? 'codelocal.yml';
  for (const p of plannedHostPorts(pipeline, config.config.ecs.services)) {
    if (await isFree(p.port)) continue;
    const holder = await deps
      .runtime()
      .then((rt) => proxyHoldingPort(rt, p.port))
      .catch(() => undefined);
    const ours = serviceLabel({
      account: config.config.accountId,
      region: scope.region,
      cluster: p.cluster,
      name: p.service,
    });
    if (holder && holder.stateDir === stateDirLabel(scope.stateRoot) && holder.service === ours) continue;
    const position = config.positions.get(`ecs/services/${p.service}`);
    const by = holder
      ? `the local ECS service ${holder.service} of ${holder.stateDir ? `the project whose state folder is ${holder.stateDir}` : 'an unknown project'} (container ${holder.name})`
      : 'another program';
    throw new EnvironmentError('HOST_PORT_TAKEN', `${p.action}: host port ${p.port} (${p.key}) is in use by ${by}`, {
      details: [
        `change ${p.key} in ${where}, or free the port`,
        ...(holder ? [freeHint(holder)] : []),
        'nothing was built or deployed',
      ],
      ...(position ? { position } : {}),
    });
  }
}

/** How to stop the service holding a port: in its project, or host-wide when made before services carried one. */
function freeHint(holder: { name: string; stateDir?: string }): string {
  return holder.stateDir
    ? 'a service of another project stops with `codelocal clean --services` run in that project'
    : `a service made before state folders were labelled stops with \`codelocal clean --services --all-projects\` (or docker rm -f ${holder.name})`;
}
