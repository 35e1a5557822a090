/**
 * Getting a task's images into the host engine. An image of the local ECR
 * (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]`) is pulled from the registry's
 * loopback port and tagged with its ECR name, so task containers show the URI the task definition
 * names (docs/aws/ecs.md §1.1); any other image must already be in the host engine (nothing is pulled from
 * the internet).
 *
 * Nothing is left behind (docs/endings.md): the loopback name only served the pull (its port changes with
 * every registry start) and is removed at once; the ECR name is recorded (pulled-images.ts) unless the
 * engine had it before, and image-cleanup.ts removes it once no task uses it.
 */
import { hostname } from 'node:os';
import { splitRepoTag, type ContainerRuntime } from '../../runtime/index.js';
import type { LocalRegistry } from '../registry/registry.js';
import { PulledImages } from './pulled-images.js';

export type ImageOutcome = { ok: true; ref: string } | { ok: false; reason: string };

export interface TaskImageEnv {
  runtime: ContainerRuntime;
  stateRoot: string;
  ecrHost: string;
  registry(): Promise<LocalRegistry>;
  log(line: string): void;
}

export async function ensureTaskImage(env: TaskImageEnv, uri: string): Promise<ImageOutcome> {
  const { runtime, ecrHost } = env;
  if (!uri.startsWith(`${ecrHost}/`)) {
    if (await runtime.images.inspect(uri)) return { ok: true, ref: uri };
    return {
      ok: false,
      reason: `CannotPullContainerError: image ${uri} is not in the local engine and is not in the local ECR (${ecrHost})`,
    };
  }
  const loopback = `${(await env.registry()).loopback}/${uri.slice(ecrHost.length + 1)}`;
  const { tag } = splitRepoTag(uri);
  // A digest reference cannot be given as a tag: the task runs from the loopback `repo@digest` name the pull leaves.
  const ref = tag ? uri : loopback;
  const before = await runtime.images.inspect(ref);
  env.log(`pulling ${uri} from the local ECR`);
  try {
    await runtime.images.pull(loopback);
  } catch (e) {
    if (await runtime.images.inspect(uri)) {
      env.log(`not in the local ECR; using the engine's own ${uri}`);
      return { ok: true, ref: uri };
    }
    return { ok: false, reason: `CannotPullContainerError: ${uri}: ${(e as Error).message}` };
  }
  if (tag) {
    await runtime.images.tag(loopback, uri);
    // The image keeps its ECR name: removing the loopback one only untags (and drops the pull's digest name with it).
    await runtime.images.untag(loopback).catch(() => undefined);
  }
  await recordPull(env, ref, before?.id);
  return { ok: true, ref };
}

/**
 * Records `ref` as codelocal's when the pull created it (or it was already recorded); a name the engine had before
 * is the user's and is never recorded. A recorded tag that now names a newer image leaves the older one nameless:
 * that image id is recorded in its place, to go once the task still running from it is gone.
 */
async function recordPull(env: TaskImageEnv, ref: string, beforeId: string | undefined): Promise<void> {
  const store = new PulledImages(env.stateRoot);
  const known = store.get(ref);
  if (beforeId && !known) return;
  const info = await env.runtime.images.inspect(ref);
  if (!info) return;
  const at = { pulledAt: new Date().toISOString(), host: hostname(), pid: process.pid };
  if (known && known.imageId !== info.id && beforeId === known.imageId) {
    store.put({ ref: known.imageId, imageId: known.imageId, ...at });
  }
  store.put({ ref, imageId: info.id, ...at });
}
