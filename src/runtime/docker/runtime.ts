/**
 * The dockerode implementation of ContainerRuntime. One dockerode client per engine, shared by every
 * per-resource client; engine facts (info/version) fetched once and only when asked for.
 */
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { EnvironmentError } from '../../errors.js';
import { resourceLabels, type LabelContext } from '../labels.js';
import type {
  Container,
  ContainerRuntime,
  ContainerSpec,
  EngineInfo,
  PrivilegedStrategy,
  ResourceRef,
} from '../types.js';
import { engineMessage, isNotFound, orUndefinedWhenMissing } from './api-errors.js';
import { DockerContainer, toCreateOptions } from './containers.js';
import { discoverEngine, type DiscoveredEngine, type DiscoveryOptions } from './discovery.js';
import { DockerImageClient } from './images.js';
import { DockerNetworkClient } from './networks.js';
import { PrivilegedDecider, fallbackHostConfig, wrapWithCgroupPrelude } from './privileged.js';
import type { EngineAnswers } from './engine-answers.js';
import { readEngineFacts, type EngineFacts } from './engine-facts.js';
import { PODMAN_MISSING_CAPS, engineUlimits } from './rlimits.js';
import { refuseHostBinds } from './remote-binds.js';
import { listResources, sweepLeftovers } from './resources.js';
import { Tracker } from './tracker.js';
import { DockerVolumeClient } from './volumes.js';

export interface DockerRuntimeOptions extends DiscoveryOptions {
  /** Stamped on every resource; a fresh one per runtime when absent. */
  runId?: string;
  /**
   * The state folder this runtime works for: stamped on every resource it creates (LABEL_STATE_DIR) so
   * `codelocal clean` can tell projects apart; the privileged-strategy cache lives there too (default:
   * the OS temp folder, and no label).
   */
  stateDir?: string;
  /** An engine found earlier (skips discovery). */
  engine?: DiscoveredEngine;
}

export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export class DockerRuntime implements ContainerRuntime {
  readonly images: DockerImageClient;
  readonly networks: DockerNetworkClient;
  readonly volumes: DockerVolumeClient;
  /** The dockerode client, for the rare call the interface does not cover (tests seed leftovers with it). */
  readonly docker: Docker;
  private readonly tracker = new Tracker();
  private readonly labels: LabelContext;
  private readonly privileged: PrivilegedDecider;
  private facts?: Promise<EngineFacts>;
  private discoveryAnswers?: Promise<EngineAnswers>;
  private cleaning?: Promise<void>;
  private seq = 0;

  constructor(
    readonly engine: DiscoveredEngine,
    readonly runId: string,
    stateDir?: string,
  ) {
    this.docker = engine.docker;
    this.discoveryAnswers = engine.answers;
    this.labels = { runId, pid: process.pid, host: os.hostname(), ...(stateDir ? { stateDir } : {}) };
    this.images = new DockerImageClient(this.docker);
    this.networks = new DockerNetworkClient(this.docker, this.labels, this.tracker, {
      product: async () => (await this.engineFacts()).info.product,
      hostConfig: (image) => this.engineHostConfig({ image }),
    });
    this.volumes = new DockerVolumeClient(this.docker, this.labels, this.tracker);
    this.privileged = new PrivilegedDecider({
      docker: this.docker,
      labels: this.labels,
      local: engine.local,
      stateDir,
      identity: async () => (await this.engineFacts()).identity,
      baseHostConfig: async (image) => {
        const ulimits = await this.ulimits(image);
        return ulimits ? { Ulimits: ulimits } : {};
      },
    });
  }

  private engineFacts(): Promise<EngineFacts> {
    // Discovery's answers serve the first call only: after a failure the engine is asked again.
    const answers = this.discoveryAnswers;
    this.discoveryAnswers = undefined;
    const facts = (this.facts ??= readEngineFacts(this.engine, answers));
    // A failed call must not be remembered: the next caller asks the engine again.
    facts.catch(() => {
      if (this.facts === facts) this.facts = undefined;
    });
    return facts;
  }

  async info(): Promise<EngineInfo> {
    return (await this.engineFacts()).info;
  }

  privilegedStrategy(): Promise<PrivilegedStrategy> {
    return this.privileged.strategy();
  }

  async createContainer(spec: ContainerSpec): Promise<Container> {
    const labels = resourceLabels(this.labels, { keep: spec.keep, extra: spec.labels });
    // Our own names instead of Docker's random ones: recognisable in `docker ps`, and no inspect to learn them.
    const name = spec.name ?? `codelocal-${this.runId}-${++this.seq}`;
    if (this.engine.remote) refuseHostBinds(spec, this.engine.endpoint);
    const options = toCreateOptions({ ...spec, name }, labels);
    let created: Docker.Container;
    try {
      options.HostConfig = { ...options.HostConfig, ...(await this.engineHostConfig(spec)) };
      if (spec.privileged) await this.applyPrivileged(spec, options);
      created = await this.docker.createContainer(options);
    } catch (e) {
      if (/container-init binary not found/i.test(engineMessage(e))) {
        // Podman runs `--init` containers under catatonit, a separate Debian package.
        throw new EnvironmentError('ENGINE_INIT_MISSING', 'the engine has no init binary for containers', {
          details: [engineMessage(e), 'fix (Podman on Debian/Ubuntu): apt-get install catatonit'],
          cause: e,
        });
      }
      if (isNotFound(e)) {
        throw new EnvironmentError('IMAGE_MISSING', `image ${spec.image} is not present on the engine`, {
          details: [engineMessage(e), 'build or import it first (no registry is used to pull it)'],
          cause: e,
        });
      }
      throw e;
    }
    if (!spec.keep) this.tracker.add('container', created.id);
    return new DockerContainer(this.docker, created.id, name, spec.tty ?? false, (id) =>
      this.tracker.delete('container', id),
    );
  }

  /**
   * What this engine needs beyond the spec to behave like Docker Engine: on Podman, explicit ulimits
   * (rlimits.ts) and the three capabilities of Docker's default set it leaves out (NET_RAW for ping...).
   */
  private async engineHostConfig(spec: ContainerSpec): Promise<Docker.HostConfig> {
    const ulimits = await this.ulimits(spec.image);
    const { info } = await this.engineFacts();
    if (info.product !== 'podman') return {};
    return {
      ...(ulimits ? { Ulimits: ulimits } : {}),
      ...(spec.privileged ? {} : { CapAdd: [...PODMAN_MISSING_CAPS] }),
    };
  }

  /** Explicit ulimits for engines that raise them past what they may grant (Podman; see rlimits.ts). */
  private async ulimits(image: string): Promise<Docker.HostConfig['Ulimits']> {
    const { info } = await this.engineFacts();
    if (info.product !== 'podman') return undefined;
    return engineUlimits({ docker: this.docker, labels: this.labels, engineId: info.engineId, image });
  }

  /** Swaps Privileged for the engine's fallback when it refuses privileged containers (see privileged.ts). */
  private async applyPrivileged(spec: ContainerSpec, options: Docker.ContainerCreateOptions): Promise<void> {
    const strategy = await this.privileged.strategy(spec.image);
    if (strategy.kind === 'privileged') return;
    options.HostConfig = { ...options.HostConfig, Privileged: false, ...fallbackHostConfig(strategy.capAdd) };
    let argv: string[];
    if (spec.entrypoint) {
      argv = [...spec.entrypoint, ...(spec.cmd ?? [])];
    } else {
      // The prelude replaces the entrypoint, so the image's own entrypoint and cmd must be carried over.
      const image = await this.docker.getImage(spec.image).inspect();
      argv = [...(image.Config?.Entrypoint ?? []), ...(spec.cmd ?? image.Config?.Cmd ?? [])];
    }
    Object.assign(options, wrapWithCgroupPrelude(argv));
  }

  async getContainer(idOrName: string): Promise<Container | undefined> {
    const info = await orUndefinedWhenMissing(this.docker.getContainer(idOrName).inspect());
    if (!info) return undefined;
    return new DockerContainer(this.docker, info.Id, info.Name.replace(/^\//, ''), info.Config.Tty, (id) =>
      this.tracker.delete('container', id),
    );
  }

  listResources(filter?: { runId?: string; labels?: Record<string, string> }): Promise<ResourceRef[]> {
    return listResources(this.docker, filter);
  }

  sweep(): Promise<ResourceRef[]> {
    return sweepLeftovers(this.docker, { host: this.labels.host });
  }

  /** Concurrent calls (a signal arriving during a normal cleanup) share one pass. */
  cleanup(): Promise<void> {
    this.cleaning ??= this.tracker.removeAll(this.docker).finally(() => {
      this.cleaning = undefined;
    });
    return this.cleaning;
  }
}

export async function createDockerRuntime(options: DockerRuntimeOptions = {}): Promise<DockerRuntime> {
  const engine = options.engine ?? (await discoverEngine(options));
  return new DockerRuntime(engine, options.runId ?? newRunId(), options.stateDir);
}
