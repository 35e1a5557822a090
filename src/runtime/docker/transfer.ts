/**
 * Copying an image from one engine to another over their APIs (`docker save | docker load`, streamed, nothing
 * on disk): how runner images reach a second engine (Podman, a remote dockerd) without a registry, and the
 * way a team seeds a shared remote engine from a machine that built the images (docs/engines.md).
 */
import type { DockerRuntime } from './runtime.js';

export async function transferImage(from: DockerRuntime, to: DockerRuntime, ref: string): Promise<void> {
  const tar = await from.images.save(ref);
  await to.images.load(tar);
}
