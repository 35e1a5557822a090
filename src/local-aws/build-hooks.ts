/**
 * How builds are wired to the local AWS stand-ins without the build engine knowing: the build gets a
 * ContainerRuntime that passes everything through, except that a build container (role `build`)
 *   - joins the codelocal-aws network and gets /etc/hosts entries (`codelocal-aws`, the ECR host name); in a
 *     pipeline run a plain build joins instead the namespace of a holder already on it (network-holders.ts);
 *   - when privileged, gets /etc/docker/daemon.json before it starts, so the inner dockerd (started by
 *     the image's dockerd-entrypoint.sh) trusts the local ECR over plain HTTP and uses it as its
 *     Docker Hub mirror.
 * Everything else (images, volumes, cleanup) is the wrapped runtime's. withLentNetworks does only the lending, for
 * runs of several builds without the stand-ins.
 */
import { packEntries } from '../archive/index.js';
import { LABEL_ROLE, type Container, type ContainerRuntime, type ContainerSpec } from '../runtime/index.js';
import type { NetworkHolders, NetworkLease } from './network-holders.js';

export interface BuildHooks {
  network: string;
  /** `name:ip` entries. */
  extraHosts: string[];
  /** The inner dockerd's configuration; asked for only for privileged builds. */
  daemonJson(): Promise<Record<string, unknown>>;
  /** Network namespaces to lend to plain builds (a pipeline run's); without them each build gets its own. */
  holders?: NetworkHolders;
}

export function daemonConfig(registryHost: string): Record<string, unknown> {
  return { 'insecure-registries': [registryHost], 'registry-mirrors': [`http://${registryHost}`] };
}

export function withBuildHooks(base: ContainerRuntime, hooks: BuildHooks): ContainerRuntime {
  return replacingCreate(base, async (spec) => {
    if (spec.labels?.[LABEL_ROLE] !== 'build') return base.createContainer(spec);
    const joined = hooks.holders && (await inLentNamespace(base, hooks.holders, spec));
    if (joined) return joined;
    const daemon = spec.privileged ? await hooks.daemonJson() : undefined;
    const container = await base.createContainer({
      ...spec,
      network: spec.network ?? hooks.network,
      extraHosts: [...(spec.extraHosts ?? []), ...hooks.extraHosts],
    });
    if (daemon) {
      const tar = packEntries([
        { name: 'etc/docker', type: 'directory', mode: 0o755 },
        { name: 'etc/docker/daemon.json', content: JSON.stringify(daemon, null, 2) + '\n', mode: 0o644 },
      ]);
      await container.putArchive(tar, '/');
    }
    return container;
  });
}

/**
 * The plain builds of a run of several without the local AWS stand-ins (`check --run`): lent namespaces of holders
 * on the engine's default network, nothing else changed (network-holders.ts).
 */
export function withLentNetworks(base: ContainerRuntime, holders: NetworkHolders): ContainerRuntime {
  return replacingCreate(base, async (spec) => {
    const joined = spec.labels?.[LABEL_ROLE] === 'build' && (await inLentNamespace(base, holders, spec));
    return joined || base.createContainer(spec);
  });
}

/** `base` with another createContainer; everything else (images, volumes, cleanup) passes through. */
function replacingCreate(
  base: ContainerRuntime,
  createContainer: (spec: ContainerSpec) => Promise<Container>,
): ContainerRuntime {
  return {
    get runId() {
      return base.runId;
    },
    images: base.images,
    networks: base.networks,
    volumes: base.volumes,
    info: () => base.info(),
    getContainer: (id) => base.getContainer(id),
    listResources: (f) => base.listResources(f),
    privilegedStrategy: () => base.privilegedStrategy(),
    sweep: () => base.sweep(),
    cleanup: () => base.cleanup(),
    createContainer,
  };
}

/**
 * A build that may run in a lent namespace: not privileged (its inner dockerd would change the namespace's
 * interfaces and firewall), not kept (a kept container must outlive the run's holders), and with no network,
 * ports or host entries of its own (the engine refuses those with a joined namespace).
 */
function canJoinHolder(spec: ContainerSpec): boolean {
  return !spec.privileged && !spec.keep && !spec.network && !spec.ports?.length && !spec.extraHosts?.length;
}

/** A build that may join a holder's namespace, created there when one is lent; otherwise undefined. */
async function inLentNamespace(
  base: ContainerRuntime,
  holders: NetworkHolders,
  spec: ContainerSpec,
): Promise<Container | undefined> {
  const lease = canJoinHolder(spec) ? await holders.lend(spec.image) : undefined;
  return lease && joinHolder(base, spec, lease);
}

/** The build created in the holder's namespace; the lease ends when the build's processes are gone. */
async function joinHolder(base: ContainerRuntime, spec: ContainerSpec, lease: NetworkLease): Promise<Container> {
  let container: Container;
  try {
    container = await base.createContainer({ ...spec, network: lease.networkMode, env: { ...spec.env, ...lease.env } });
  } catch (e) {
    lease.release();
    throw e;
  }
  return returnsLease(container, lease);
}

/** The container, handing the lease back once its main process has ended: attach closed, waited for, or removed. */
function returnsLease(c: Container, lease: NetworkLease): Container {
  return {
    id: c.id,
    name: c.name,
    start: () => c.start(),
    async attach() {
      const streams = await c.attach();
      streams.stdout.once('end', lease.release);
      return streams;
    },
    exec: (cmd, options) => c.exec(cmd, options),
    putArchive: (tar, path) => c.putArchive(tar, path),
    getArchive: (path) => c.getArchive(path),
    wait: () => c.wait().finally(lease.release),
    inspect: () => c.inspect(),
    stop: (t) => c.stop(t),
    kill: (signal) => c.kill(signal),
    remove: () => c.remove().finally(lease.release),
    forget: () => c.forget(),
  };
}
