/**
 * Task images an older codelocal pulled and never removed, before pulls were recorded (pulled-images.ts):
 * each pull left a loopback name `127.0.0.1:<port>/<repo>:<tag>` (a new port with every registry start)
 * and tagged the same image `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`. Only the host-wide
 * clean (`clean --services --all-projects`) takes them, and only by that signature: an ECR name with its
 * loopback twin on the same image (both names go), or a loopback name whose ECR twin the engine holds on
 * another image (the tag was pulled again). A lone ECR name or a lone loopback name may be the user's and
 * stays. Never forced: an image a container uses keeps its last name.
 */
import type { ContainerRuntime, ImageInfo } from '../../runtime/index.js';
import type { ImageRemoval } from './image-cleanup.js';

const LOOPBACK = /^127\.0\.0\.1:\d+\/(.+:[^/]+)$/;
const ECR_NAME = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/(.+:[^/]+)$/;

/** The legacy names among the engine's images, loopback names first (an ECR name may then be the last one). */
export function legacyNames(images: ImageInfo[]): string[] {
  const ecrByPath = new Map<string, Set<string>>(); // repo:tag → ids of images holding an ECR name for it
  for (const i of images) {
    for (const t of i.tags) {
      const path = ECR_NAME.exec(t)?.[1];
      if (path) ecrByPath.set(path, (ecrByPath.get(path) ?? new Set()).add(i.id));
    }
  }
  const loopback: string[] = [];
  const ecr: string[] = [];
  for (const i of images) {
    for (const t of i.tags) {
      const path = LOOPBACK.exec(t)?.[1];
      const twins = path ? ecrByPath.get(path) : undefined;
      if (!path || !twins) continue;
      loopback.push(t);
      if (twins.has(i.id)) ecr.push(...i.tags.filter((n) => ECR_NAME.exec(n)?.[1] === path));
    }
  }
  return [...new Set(loopback), ...new Set(ecr)];
}

/** Removes (or with dryRun lists) the legacy names; refusals carry their reason. */
export async function removeLegacyTaskImages(runtime: ContainerRuntime, dryRun: boolean): Promise<ImageRemoval[]> {
  const names = legacyNames(await runtime.images.list());
  const out: ImageRemoval[] = [];
  for (const ref of names) {
    if (dryRun) {
      out.push({ ref, legacy: true });
      continue;
    }
    const outcome = await runtime.images.untag(ref);
    out.push(outcome === 'in-use' ? { ref, legacy: true, error: 'a container uses the image' } : { ref, legacy: true });
  }
  return out;
}
