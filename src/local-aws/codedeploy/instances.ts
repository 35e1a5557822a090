/**
 * The fleet of a local deployment group: one long-running container per instance, labelled with the
 * group and the state folder it belongs to and kept between runs (like a local ECS service), so the
 * next deployment finds the previous revision installed. `codelocal clean --services` removes them.
 */
import { createHash } from 'node:crypto';
import { guestFile } from '../../guest/index.js';
import { STANDARD_IMAGE } from '../../images/index.js';
import { packEntries } from '../../archive/index.js';
import { LABEL_ROLE, type Container, type ContainerRuntime } from '../../runtime/index.js';
import type { DeploymentGroup } from './group.js';

export const ROLE_CODEDEPLOY_INSTANCE = 'codedeploy-instance';
const LABEL_GROUP = 'codelocal.codedeploy.group';
const LABEL_INDEX = 'codelocal.codedeploy.instance';
/** Where the stand-in keeps its guest scripts on an instance. */
export const AGENT_DIR = '/opt/codedeploy-agent/codelocal';
export const DEPLOYMENT_ROOT = '/opt/codedeploy-agent/deployment-root';

export interface Instance {
  /** The container's name, which is also the instance id shown in logs. */
  id: string;
  container: Container;
}

/** Where the instances attach: the local AWS network, so hooks reach the local endpoint. */
export interface InstanceNetwork {
  name: string;
  extraHosts: string[];
}

function groupLabel(stateRoot: string, g: DeploymentGroup): string {
  return `${createHash('sha256').update(stateRoot).digest('hex').slice(0, 8)}/${g.application}/${g.name}`;
}

function instanceName(label: string, index: number): string {
  const [hash, app, group] = label.split('/');
  return `codelocal-cd-${app}-${group}-${hash}-${index + 1}`.replace(/[^A-Za-z0-9_.-]/g, '-');
}

async function installAgentFiles(c: Container): Promise<void> {
  const files = ['hook.sh', 'install.sh', 'permissions.sh'] as const;
  const r = await c.exec(['mkdir', '-p', AGENT_DIR, DEPLOYMENT_ROOT]);
  if (r.exitCode !== 0) throw new Error(`cannot prepare ${AGENT_DIR}: ${r.stderr}`);
  await c.putArchive(
    packEntries(files.map((f) => ({ name: f, content: guestFile(`codedeploy/${f}`), mode: 0o755 }))),
    AGENT_DIR,
  );
}

/** The group's instances, started (or created) as needed, in instance order. */
export async function ensureInstances(
  runtime: ContainerRuntime,
  stateRoot: string,
  group: DeploymentGroup,
  network: InstanceNetwork | undefined,
): Promise<Instance[]> {
  const label = groupLabel(stateRoot, group);
  const found = await runtime.listResources({
    labels: { [LABEL_ROLE]: ROLE_CODEDEPLOY_INSTANCE, [LABEL_GROUP]: label },
  });
  const out: Instance[] = [];
  for (let i = 0; i < group.settings.instances; i++) {
    const ref = found.find((r) => r.kind === 'container' && r.labels[LABEL_INDEX] === String(i + 1));
    let container = ref ? await runtime.getContainer(ref.id) : undefined;
    if (!container) {
      container = await runtime.createContainer({
        image: group.settings.image ?? STANDARD_IMAGE,
        name: instanceName(label, i),
        entrypoint: ['tail', '-f', '/dev/null'],
        cmd: [],
        init: true,
        keep: true,
        labels: { [LABEL_ROLE]: ROLE_CODEDEPLOY_INSTANCE, [LABEL_GROUP]: label, [LABEL_INDEX]: String(i + 1) },
        ...(network ? { network: network.name, extraHosts: network.extraHosts } : {}),
      });
    }
    if (!(await container.inspect()).running) await container.start();
    await installAgentFiles(container);
    out.push({ id: container.name.replace(/^\//, ''), container });
  }
  return out;
}
