/** Networks: user-defined bridges so build, service and action containers can reach each other by alias. */
import type Docker from 'dockerode';
import { resourceLabels, type LabelContext } from '../labels.js';
import type { NetworkClient, NetworkInfo } from '../types.js';
import { ignoreGone, orUndefinedWhenMissing } from './api-errors.js';
import type { Tracker } from './tracker.js';

export class DockerNetworkClient implements NetworkClient {
  constructor(
    private readonly docker: Docker,
    private readonly labels: LabelContext,
    private readonly tracker: Tracker,
  ) {}

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
    await ignoreGone(this.docker.getNetwork(nameOrId).remove());
    this.tracker.delete('network', nameOrId);
  }

  async exists(name: string): Promise<boolean> {
    return (await orUndefinedWhenMissing(this.docker.getNetwork(name).inspect())) !== undefined;
  }

  async inspect(nameOrId: string): Promise<NetworkInfo | undefined> {
    const info = await orUndefinedWhenMissing(this.docker.getNetwork(nameOrId).inspect());
    if (!info) return undefined;
    const configs = (info.IPAM?.Config ?? []) as { Gateway?: string }[];
    return {
      id: info.Id,
      name: info.Name,
      labels: info.Labels ?? {},
      gateways: configs.map((c) => c.Gateway).filter((g): g is string => !!g),
    };
  }
}
