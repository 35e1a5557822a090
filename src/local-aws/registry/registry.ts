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
import { ensureNetwork, type LocalNetwork } from './network.js';

export const REGISTRY_CONTAINER = 'codelocal-registry';
export const REGISTRY_VOLUME = 'codelocal-registry-data';
export const REGISTRY_IMAGE = 'codelocal/registry:latest';
export const ROLE_REGISTRY = 'registry';
/** The host port is chosen once, when the container is made, and remembered on it. */
const LABEL_PORT = 'codelocal.registry.port';

export interface LocalRegistry {
  network: LocalNetwork;
  /** The registry's address on codelocal-aws (what the ECR host name resolves to in builds). */
  ip: string;
  /** `127.0.0.1:<port>`: the same registry as the host engine reaches it. */
  loopback: string;
  /** ECR repositories holding images (the Docker Hub mirror's `library/` ones left out). */
  catalog(): Promise<string[]>;
  /** True when `repo:tag` has a manifest. */
  hasManifest(repo: string, tag: string): Promise<boolean>;
}

export function ecrHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com`;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
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
  const c = await runtime.createContainer({
    image: REGISTRY_IMAGE,
    name: REGISTRY_CONTAINER,
    env: { REGISTRY_HTTP_ADDR: '0.0.0.0:80' },
    labels: { [LABEL_ROLE]: ROLE_REGISTRY, [LABEL_PORT]: String(port), [LABEL_SHARED]: 'true' },
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
    try {
      const r = await fetch(`http://${loopback}/v2/`, { signal: AbortSignal.timeout(2_000) });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
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
  if (state.labels[LABEL_PORT] === undefined || state.networks[network.name] === undefined) {
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
  };
}
