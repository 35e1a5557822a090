/** Finding labelled resources across kinds, and sweeping the ones whose creating process is gone. */
import type Docker from 'dockerode';
import os from 'node:os';
import { isLeftover, labelFilters, pidAlive } from '../labels.js';
import type { ResourceRef } from '../types.js';
import { ignoreGone } from './api-errors.js';

export async function listResources(
  docker: Docker,
  filter: { runId?: string; labels?: Record<string, string> } = {},
): Promise<ResourceRef[]> {
  const filters = { label: labelFilters(filter) };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const all: ResourceRef[] = [
    ...containers.map((c) => ({
      kind: 'container' as const,
      id: c.Id,
      name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
      labels: c.Labels ?? {},
      created: c.Created * 1000,
    })),
    ...networks.map((n) => ({ kind: 'network' as const, id: n.Id, name: n.Name, labels: n.Labels ?? {} })),
    ...(volumes.Volumes ?? []).map((v) => ({
      kind: 'volume' as const,
      id: v.Name,
      name: v.Name,
      labels: (v.Labels as Record<string, string> | null) ?? {},
    })),
  ];
  // Checked here as well: Podman 4 ORs several label filters on volumes where Docker ANDs them.
  const wanted = filters.label.map((f) => f.split('='));
  return all.filter((r) => wanted.every(([k, ...v]) => r.labels[k] === v.join('=')));
}

/**
 * Removes leftovers of dead codelocal processes on this host: containers first (with their anonymous volumes),
 * then networks, then volumes, since the later ones cannot go while a container still uses them.
 */
export async function sweepLeftovers(
  docker: Docker,
  options: { host?: string; alive?: (pid: number) => boolean } = {},
): Promise<ResourceRef[]> {
  const host = options.host ?? os.hostname();
  const alive = options.alive ?? pidAlive;
  const leftovers = (await listResources(docker)).filter((r) => isLeftover(r.labels, host, alive));
  const removed: ResourceRef[] = [];
  const removeKind = async (kind: ResourceRef['kind'], remove: (r: ResourceRef) => Promise<unknown>) => {
    await Promise.all(
      leftovers
        .filter((r) => r.kind === kind)
        .map(async (r) => {
          try {
            await ignoreGone(remove(r));
            removed.push(r);
          } catch {
            // Still in use by something we do not own (or racing another sweeper): leave it for next time.
          }
        }),
    );
  };
  await removeKind('container', (r) => docker.getContainer(r.id).remove({ force: true, v: true }));
  await removeKind('network', (r) => docker.getNetwork(r.id).remove());
  await removeKind('volume', (r) => docker.getVolume(r.id).remove({ force: true }));
  return removed;
}
