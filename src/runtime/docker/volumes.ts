/** Volumes: named volumes for caches and DinD storage, labelled like every other resource. */
import type Docker from 'dockerode';
import { resourceLabels, type LabelContext } from '../labels.js';
import type { VolumeClient } from '../types.js';
import { ignoreGone, orUndefinedWhenMissing } from './api-errors.js';
import type { Tracker } from './tracker.js';

export class DockerVolumeClient implements VolumeClient {
  constructor(
    private readonly docker: Docker,
    private readonly labels: LabelContext,
    private readonly tracker: Tracker,
  ) {}

  async create(
    name: string,
    options: { labels?: Record<string, string>; keep?: boolean } = {},
  ): Promise<{ name: string }> {
    // dockerode resolves with its Volume wrapper (`.name`), not the engine's JSON.
    const volume = await this.docker.createVolume({
      Name: name,
      Labels: resourceLabels(this.labels, { keep: options.keep, extra: options.labels }),
    });
    if (!options.keep) this.tracker.add('volume', volume.name);
    return { name: volume.name };
  }

  async remove(name: string): Promise<void> {
    await ignoreGone(this.docker.getVolume(name).remove({ force: true }));
    this.tracker.delete('volume', name);
  }

  async exists(name: string): Promise<boolean> {
    return (await orUndefinedWhenMissing(this.docker.getVolume(name).inspect())) !== undefined;
  }
}
