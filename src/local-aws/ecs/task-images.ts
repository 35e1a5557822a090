/**
 * Getting a task's images into the host engine. An image of the local ECR
 * (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]`) is pulled from the registry's
 * loopback port and tagged with its ECR name, so task containers show the URI the task definition
 * names; any other image must already be in the host engine (nothing is pulled from the internet).
 */
import { splitRepoTag, type ContainerRuntime } from '../../runtime/index.js';
import type { LocalRegistry } from '../registry/registry.js';

export type ImageOutcome = { ok: true; ref: string } | { ok: false; reason: string };

export async function ensureTaskImage(
  runtime: ContainerRuntime,
  uri: string,
  ecrHost: string,
  registry: () => Promise<LocalRegistry>,
  log: (line: string) => void,
): Promise<ImageOutcome> {
  if (!uri.startsWith(`${ecrHost}/`)) {
    if (await runtime.images.inspect(uri)) return { ok: true, ref: uri };
    return {
      ok: false,
      reason: `CannotPullContainerError: image ${uri} is not in the local engine and is not in the local ECR (${ecrHost})`,
    };
  }
  const path = uri.slice(ecrHost.length + 1);
  const loopback = `${(await registry()).loopback}/${path}`;
  log(`pulling ${uri} from the local ECR`);
  try {
    await runtime.images.pull(loopback);
  } catch (e) {
    if (await runtime.images.inspect(uri)) {
      log(`not in the local ECR; using the engine's own ${uri}`);
      return { ok: true, ref: uri };
    }
    return { ok: false, reason: `CannotPullContainerError: ${uri}: ${(e as Error).message}` };
  }
  // A digest reference cannot be tagged with itself; tag the repository with the digest's image instead.
  const { repo, tag } = splitRepoTag(uri);
  const ref = tag ? uri : loopback;
  if (tag) await runtime.images.tag(loopback, `${repo}:${tag}`);
  return { ok: true, ref };
}
