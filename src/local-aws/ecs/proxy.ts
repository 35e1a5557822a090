/**
 * A local ECS service's "load balancer": a small TCP proxy container that owns the service's host
 * ports (127.0.0.1:<port>, and the test port for blue/green) and forwards each new connection to the
 * task currently routed there. Moving traffic rewrites the route file atomically (rename), so there is
 * no moment where the port answers nothing: connections already open finish on the old task, new ones
 * reach the new task. It is a container, not part of codelocal, because the service outlives the run.
 * The proxy's code is src/guest/files/ecs/proxy.cjs, run with the runner image's Node.js.
 */
import { EnvironmentError } from '../../errors.js';
import { guestFile } from '../../guest/index.js';
import {
  LABEL_ROLE,
  LABEL_STATE_DIR,
  stateDirLabel,
  stateDirTag,
  type Container,
  type ContainerRuntime,
} from '../../runtime/index.js';
import { STANDARD_IMAGE } from '../../images/index.js';

export const ROLE_ECS_PROXY = 'ecs-proxy';
export const LABEL_SERVICE = 'codelocal.ecs.service';
const LABEL_PORTS = 'codelocal.ecs.ports';
/** The routes file the proxy reads (src/guest/files/ecs/proxy.cjs names the same path; a unit test checks). */
export const ROUTES_FILE = '/tmp/codelocal-routes.json';

/**
 * A service is unique per account, region and cluster, as on AWS, and per state folder here: the engine
 * is shared by every project, and two projects deploying the same cluster/service must not collide.
 */
export interface ServiceRef {
  account: string;
  region: string;
  cluster: string;
  name: string;
  /** The project's state folder: in container names (as a short tag) and labels. */
  stateDir?: string;
}

/** The labels that tie a service's containers to its project (none for a service without a state folder). */
export function serviceScopeLabels(s: ServiceRef): Record<string, string> {
  return s.stateDir ? { [LABEL_STATE_DIR]: stateDirLabel(s.stateDir) } : {};
}

export function serviceLabel(s: ServiceRef): string {
  return `${s.account}/${s.region}/${s.cluster}/${s.name}`;
}

/** Container names: recognisable in `docker ps`; the account is left out for the default one. */
export function serviceNamePrefix(s: ServiceRef): string {
  const scope = s.account === '123456789012' && s.region === 'us-east-1' ? '' : `${s.account}-${s.region}-`;
  const project = s.stateDir ? `${stateDirTag(s.stateDir)}-` : '';
  return `codelocal-ecs-${project}${scope}${s.cluster}-${s.name}`.replace(/[^A-Za-z0-9_.-]/g, '-');
}

function proxyName(s: ServiceRef): string {
  return `${serviceNamePrefix(s)}-lb`;
}

/**
 * Starts the proxy; when its ports are taken (a port the pipeline run could not check beforehand: one
 * from the task definition), removes it so no `Created` container stays, and says which key to set.
 */
async function startOrRemove(c: Container, s: ServiceRef, ports: string): Promise<void> {
  try {
    await c.start();
  } catch (e) {
    await c.remove().catch(() => undefined);
    const text = (e as Error).message;
    if (!/port is already allocated|address already in use/i.test(text)) throw e;
    throw new EnvironmentError('HOST_PORT_TAKEN', `host port ${ports} of service ${s.name} is in use`, {
      details: [`set ecs.services.${s.name}.port (and testPort) in codelocal.yml to a free port`, text],
      cause: e,
    });
  }
}

export class ServiceProxy {
  constructor(private readonly container: Container) {}

  /** Routes: listener port → `ip:port` of the task (or absent: connections are refused). */
  async route(routes: Record<number, string | undefined>): Promise<void> {
    const json = JSON.stringify(routes);
    const r = await this.container.exec(
      ['sh', '-c', `cat > ${ROUTES_FILE}.tmp && mv ${ROUTES_FILE}.tmp ${ROUTES_FILE}`],
      {
        stdin: json,
      },
    );
    if (r.exitCode !== 0) throw new Error(`could not update the service's routes: ${r.stderr || r.stdout}`);
  }
}

/** The service's proxy, created (or re-created when its ports changed) and running. */
export async function ensureProxy(
  runtime: ContainerRuntime,
  s: ServiceRef,
  network: string,
  ports: number[],
): Promise<ServiceProxy> {
  const name = proxyName(s);
  const want = ports.join(',');
  let c = await runtime.getContainer(name);
  if (c) {
    const state = await c.inspect();
    if (state.labels[LABEL_PORTS] !== want) {
      await c.remove();
      c = undefined;
    } else if (!state.running) {
      await startOrRemove(c, s, want);
    }
  }
  if (!c) {
    c = await runtime.createContainer({
      image: STANDARD_IMAGE,
      name,
      entrypoint: ['node', '-e', guestFile('ecs/proxy.cjs')],
      cmd: [],
      env: { LISTEN: want },
      labels: {
        ...serviceScopeLabels(s),
        [LABEL_ROLE]: ROLE_ECS_PROXY,
        [LABEL_SERVICE]: serviceLabel(s),
        [LABEL_PORTS]: want,
      },
      keep: true,
      init: true,
      network,
      ports: ports.map((p) => ({ containerPort: p, hostPort: p, hostIp: '127.0.0.1' })),
    });
    await startOrRemove(c, s, want);
  }
  return new ServiceProxy(c);
}

/** The ECS proxy container of any project that publishes `port`, with its service and state folder labels. */
export async function proxyHoldingPort(
  runtime: ContainerRuntime,
  port: number,
): Promise<{ name: string; service: string; stateDir?: string } | undefined> {
  const refs = await runtime.listResources({ labels: { [LABEL_ROLE]: ROLE_ECS_PROXY } });
  const hit = refs.find(
    (r) => r.kind === 'container' && (r.labels[LABEL_PORTS] ?? '').split(',').includes(String(port)),
  );
  if (!hit) return undefined;
  const stateDir = hit.labels[LABEL_STATE_DIR];
  return { name: hit.name, service: hit.labels[LABEL_SERVICE] ?? '', ...(stateDir ? { stateDir } : {}) };
}
