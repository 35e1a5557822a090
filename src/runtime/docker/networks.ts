/** Networks: user-defined bridges so build, service and action containers can reach each other by alias. */
import type Docker from 'dockerode';
import { resourceLabels, type LabelContext } from '../labels.js';
import { LABEL_SHARED, type EngineProduct, type NetworkClient, type NetworkInfo } from '../types.js';
import { anchorBridge, removeAnchors } from './podman-bridge.js';
import { ignoreGone, orUndefinedWhenMissing } from './api-errors.js';
import type { Tracker } from './tracker.js';

export interface EngineHooks {
  product(): Promise<EngineProduct>;
  /** HostConfig every container on the engine needs (Podman's ulimits), for the bridge anchor. */
  hostConfig(image: string): Promise<Docker.HostConfig>;
}

export class DockerNetworkClient implements NetworkClient {
  constructor(
    private readonly docker: Docker,
    private readonly labels: LabelContext,
    private readonly tracker: Tracker,
    /** Which engine answers (Podman needs its shared bridges held up: podman-bridge.ts), and what its containers need. */
    private readonly engine: EngineHooks = { product: async () => 'docker', hostConfig: async () => ({}) },
  ) {}

  private async product(): Promise<EngineProduct> {
    return this.engine.product();
  }

  async create(
    name: string,
    options: { labels?: Record<string, string>; keep?: boolean } = {},
  ): Promise<{ id: string; name: string }> {
    const network = await this.docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      // Without it the engine happily creates a second network with the same name.
      CheckDuplicate: true,
      Labels: resourceLabels(this.labels, { keep: options.keep, extra: options.labels }),
    });
    if (!options.keep) this.tracker.add('network', network.id);
    return { id: network.id, name };
  }

  async remove(nameOrId: string): Promise<void> {
    if ((await this.product()) === 'podman') {
      const info = await orUndefinedWhenMissing(this.docker.getNetwork(nameOrId).inspect());
      if (info) await removeAnchors(this.docker, info.Id);
    }
    await ignoreGone(this.docker.getNetwork(nameOrId).remove());
    this.tracker.delete('network', nameOrId);
  }

  async exists(name: string): Promise<boolean> {
    return (await orUndefinedWhenMissing(this.docker.getNetwork(name).inspect())) !== undefined;
  }

  async inspect(nameOrId: string): Promise<NetworkInfo | undefined> {
    const info = await orUndefinedWhenMissing(this.docker.getNetwork(nameOrId).inspect());
    if (!info) return undefined;
    if (info.Labels?.[LABEL_SHARED] === 'true' && (await this.product()) === 'podman') {
      await anchorBridge(this.docker, this.labels, info.Id, this.engine.hostConfig);
    }
    const configs = (info.IPAM?.Config ?? []) as { Gateway?: string }[];
    return {
      id: info.Id,
      name: info.Name,
      labels: info.Labels ?? {},
      gateways: configs.map((c) => c.Gateway).filter((g): g is string => !!g),
    };
  }
}
