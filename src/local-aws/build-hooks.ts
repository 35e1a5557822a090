/**
 * How builds are wired to the local AWS stand-ins without the build engine knowing: the build gets a
 * ContainerRuntime that passes everything through, except that a build container (role `build`)
 *   - joins the codelocal-aws network and gets /etc/hosts entries (`codelocal-aws`, the ECR host name);
 *   - when privileged, gets /etc/docker/daemon.json before it starts, so the inner dockerd (started by
 *     the image's dockerd-entrypoint.sh) trusts the local ECR over plain HTTP and uses it as its
 *     Docker Hub mirror.
 * Everything else (images, volumes, cleanup) is the wrapped runtime's.
 */
import { packEntries } from '../archive/index.js';
import { LABEL_ROLE, type Container, type ContainerRuntime, type ContainerSpec } from '../runtime/index.js';

export interface BuildHooks {
  network: string;
  /** `name:ip` entries. */
  extraHosts: string[];
  /** The inner dockerd's configuration; asked for only for privileged builds. */
  daemonJson(): Promise<Record<string, unknown>>;
}

export function daemonConfig(registryHost: string): Record<string, unknown> {
  return { 'insecure-registries': [registryHost], 'registry-mirrors': [`http://${registryHost}`] };
}

export function withBuildHooks(base: ContainerRuntime, hooks: BuildHooks): ContainerRuntime {
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
    async createContainer(spec: ContainerSpec): Promise<Container> {
      if (spec.labels?.[LABEL_ROLE] !== 'build') return base.createContainer(spec);
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
    },
  };
}
