/**
 * Podman (netavark) creates a network's bridge only when the first container joins it and deletes it when the
 * last one leaves, where Docker Engine keeps it from `network create` on. codelocal's local AWS endpoint listens
 * on the gateway address of the shared `codelocal-aws` bridge before any build container exists, so on Podman
 * the runtime keeps one sleeping "anchor" container on each shared network: the bridge (and its gateway) then
 * lives as long as the network. The anchor carries the keep and shared labels (no sweep, no per-run cleanup) and
 * goes with the network (`networks.remove`, `codelocal clean --all`). Any local image with `sleep` will do;
 * when none has it, the error says so with its own code.
 */
import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import { resourceLabels, type LabelContext } from '../labels.js';
import { LABEL_ROLE, LABEL_SHARED } from '../types.js';
import { engineMessage, ignoreGone } from './api-errors.js';

export const ROLE_NETWORK_ANCHOR = 'network-anchor';

function anchorFilters(networkId: string): string {
  return JSON.stringify({ label: [`${LABEL_ROLE}=${ROLE_NETWORK_ANCHOR}`], network: [networkId] });
}

/** Makes sure a running anchor container holds the network's bridge up. */
export async function anchorBridge(
  docker: Docker,
  labels: LabelContext,
  networkId: string,
  hostConfig: (image: string) => Promise<Docker.HostConfig>,
): Promise<void> {
  const running = await docker.listContainers({ filters: anchorFilters(networkId) });
  if (running.length) return;
  const tried: string[] = [];
  for (const image of await candidateImages(docker)) {
    const c = await docker.createContainer({
      name: `codelocal-anchor-${networkId.slice(0, 12)}-${Date.now().toString(36)}`,
      Image: image,
      Entrypoint: ['sleep'],
      Cmd: ['2147483647'],
      Labels: resourceLabels(labels, {
        keep: true,
        extra: { [LABEL_ROLE]: ROLE_NETWORK_ANCHOR, [LABEL_SHARED]: 'true' },
      }),
      HostConfig: { ...(await hostConfig(image)), NetworkMode: networkId, RestartPolicy: { Name: 'always' } },
    });
    try {
      await c.start();
      await new Promise((r) => setTimeout(r, 200));
      if ((await c.inspect()).State.Running) return;
      tried.push(`${image}: exited at once (no sleep in it?)`);
    } catch (e) {
      tried.push(`${image}: ${engineMessage(e)}`);
    }
    await ignoreGone(c.remove({ force: true }));
  }
  throw new EnvironmentError(
    'PODMAN_BRIDGE_DOWN',
    'Podman creates a network bridge only while a container uses it, and no local image could hold it up',
    {
      details: [...tried.slice(0, 3), 'fix: build the runner images on this engine first (codelocal images build)'],
    },
  );
}

/** codelocal's own images first (the runner images have sleep), then any other tagged image, at most four. */
async function candidateImages(docker: Docker): Promise<string[]> {
  const tags = (await docker.listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => t && t !== '<none>:<none>');
  const ours = tags.filter((t) => /codelocal/.test(t));
  return [...new Set([...ours, ...tags])].slice(0, 4);
}

/** Removes the anchors of a network (before the network itself goes). */
export async function removeAnchors(docker: Docker, networkId: string): Promise<void> {
  const anchors = await docker.listContainers({ all: true, filters: anchorFilters(networkId) });
  await Promise.all(anchors.map((a) => ignoreGone(docker.getContainer(a.Id).remove({ force: true }))));
}
