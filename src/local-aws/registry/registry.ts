/**
 * The local ECR: one `codelocal/registry` container (Docker distribution 2.8), kept between runs, its
 * data in the labelled volume `codelocal-registry-data`. It serves plain HTTP on port 80 so a port-less
 * `<account>.dkr.ecr.<region>.amazonaws.com` works from builds (their /etc/hosts maps that name to its
 * address on codelocal-aws, and their inner dockerd lists it as an insecure registry). The host engine
 * reaches it on a loopback port (loopback registries need no TLS), to pull images for local ECS tasks.
 */
import { createServer } from 'node:net';
import { EnvironmentError } from '../../errors.js';
import { LABEL_ROLE, LABEL_SHARED, type ContainerRuntime } from '../../runtime/index.js';
import { probeHttp } from '../../util/index.js';
import { ensureNetwork, type LocalNetwork } from './network.js';

export const REGISTRY_CONTAINER = 'codelocal-registry';
export const REGISTRY_VOLUME = 'codelocal-registry-data';
export const REGISTRY_IMAGE = 'codelocal/registry:latest';
export const ROLE_REGISTRY = 'registry';
/** The host port is chosen once, when the container is made, and remembered on it. */
const LABEL_PORT = 'codelocal.registry.port';
/**
 * Where the registry POSTs its push notifications (distribution's `notifications: endpoints`):
 * `http://<network gateway>:<port>/registry-events`, the port chosen once and remembered here.
 * `codelocal pipeline watch` listens there (docs/watch.md); when nobody does, deliveries fail and
 * are retried every second, which costs nothing else.
 */
const LABEL_NOTIFY_PORT = 'codelocal.registry.notify-port';
export const REGISTRY_EVENTS_PATH = '/registry-events';

function notificationEnv(gateway: string, port: number): string {
  const endpoint = {
    name: 'codelocal',
    url: `http://${gateway}:${port}${REGISTRY_EVENTS_PATH}`,
    timeout: '1s',
    threshold: 3,
    backoff: '1s',
    ignore: { actions: ['pull'] },
  };
  return JSON.stringify([endpoint]);
}

export interface LocalRegistry {
  network: LocalNetwork;
  /** The registry's address on codelocal-aws (what the ECR host name resolves to in builds). */
  ip: string;
  /** `127.0.0.1:<port>`: the same registry as the host engine reaches it. */
  loopback: string;
  /** ECR repositories holding images (the Docker Hub mirror's `library/` ones left out). */
  catalog(): Promise<string[]>;
  /** The port on `network.gateway` the registry sends push notifications to. */
  notifyPort: number;
  /** True when `repo:tag` has a manifest. */
  hasManifest(repo: string, tag: string): Promise<boolean>;
  /** The manifest `repo:tag` or `repo@digest` names: its digest and size, or undefined. */
  manifest(repo: string, reference: string): Promise<{ digest: string; size: number } | undefined>;
}

export function ecrHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com`;
}

async function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function createRegistry(runtime: ContainerRuntime, network: LocalNetwork): Promise<void> {
  if (!(await runtime.images.inspect(REGISTRY_IMAGE))) {
    throw new EnvironmentError('IMAGE_MISSING', `the local ECR needs the image ${REGISTRY_IMAGE}`, {
      details: ['build it with: codelocal images build'],
    });
  }
  if (!(await runtime.volumes.exists(REGISTRY_VOLUME))) {
    await runtime.volumes
      .create(REGISTRY_VOLUME, { keep: true, labels: { [LABEL_ROLE]: ROLE_REGISTRY, [LABEL_SHARED]: 'true' } })
      .catch(() => undefined);
  }
  const port = await freeLoopbackPort();
  const notifyPort = await freeLoopbackPort(network.gateway).catch(() => freeLoopbackPort());
  const c = await runtime.createContainer({
    image: REGISTRY_IMAGE,
    name: REGISTRY_CONTAINER,
    env: {
      REGISTRY_HTTP_ADDR: '0.0.0.0:80',
      REGISTRY_NOTIFICATIONS_ENDPOINTS: notificationEnv(network.gateway, notifyPort),
    },
    labels: {
      [LABEL_ROLE]: ROLE_REGISTRY,
      [LABEL_PORT]: String(port),
      [LABEL_NOTIFY_PORT]: String(notifyPort),
      [LABEL_SHARED]: 'true',
    },
    keep: true,
    network: network.name,
    volumes: [{ name: REGISTRY_VOLUME, target: '/var/lib/docker-registry' }],
    ports: [{ containerPort: 80, hostPort: port, hostIp: '127.0.0.1' }],
  });
  await c.start();
}

async function waitReady(loopback: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = await probeHttp(`http://${loopback}/v2/`);
    if ('status' in r && r.status >= 200 && r.status < 300) return;
    last = 'status' in r ? `HTTP ${r.status}` : r.error;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EnvironmentError(
    'REGISTRY_NOT_READY',
    `the local registry (${REGISTRY_CONTAINER}) did not answer on ${loopback}: ${last}`,
  );
}

/**
 * The running local registry, created or restarted as needed (safe when several processes race). `networkLookup`:
 * the caller's lookup of the same network, so one run looks it up once (docs/performance.md, "Pipeline start").
 */
export async function ensureRegistry(
  runtime: ContainerRuntime,
  networkLookup?: Promise<LocalNetwork>,
): Promise<LocalRegistry> {
  const network = await (networkLookup ?? ensureNetwork(runtime));
  let c = await runtime.getContainer(REGISTRY_CONTAINER);
  if (!c) {
    try {
      await createRegistry(runtime, network);
    } catch (e) {
      // Lost a race on the name: use the winner's container.
      if (!(await runtime.getContainer(REGISTRY_CONTAINER))) throw e;
    }
    c = await runtime.getContainer(REGISTRY_CONTAINER);
  }
  let state = await c!.inspect();
  if (
    state.labels[LABEL_PORT] === undefined ||
    state.labels[LABEL_NOTIFY_PORT] === undefined ||
    state.networks[network.name] === undefined
  ) {
    // Made by an older codelocal, or detached from the network: recreate it (the data volume stays).
    await c!.remove();
    await createRegistry(runtime, network);
    c = await runtime.getContainer(REGISTRY_CONTAINER);
    state = await c!.inspect();
  }
  if (!state.running) {
    await c!.start();
    state = await c!.inspect();
  }
  const loopback = `127.0.0.1:${state.labels[LABEL_PORT]}`;
  await waitReady(loopback);
  const ip = state.networks[network.name]!;
  return {
    network,
    ip,
    loopback,
    notifyPort: Number(state.labels[LABEL_NOTIFY_PORT]),
    async catalog() {
      const r = await fetch(`http://${loopback}/v2/_catalog?n=1000`);
      if (!r.ok) return [];
      const repos = ((await r.json()) as { repositories?: string[] }).repositories ?? [];
      return repos.filter((n) => !n.startsWith('library/'));
    },
    async hasManifest(repo, tag) {
      const r = await fetch(`http://${loopback}/v2/${repo}/manifests/${tag}`, {
        method: 'HEAD',
        headers: {
          accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
        },
      });
      return r.ok;
    },
    async manifest(repo, reference) {
      const r = await fetch(`http://${loopback}/v2/${repo}/manifests/${reference}`, {
        method: 'HEAD',
        headers: { accept: MANIFEST_TYPES },
      });
      const digest = r.headers.get('docker-content-digest');
      if (!r.ok || !digest) return undefined;
      return { digest, size: Number(r.headers.get('content-length') ?? 0) };
    },
  };
}

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');
