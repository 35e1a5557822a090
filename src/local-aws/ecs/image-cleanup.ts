/**
 * Removing the task images a state folder's deploys pulled (pulled-images.ts) once no codelocal task
 * container uses them, as ECS's agent removes the images it pulled once no task references them
 * (docs/aws/ecs.md §1.2; never the ones it did not pull, §1.3): after every deployment (the replaced
 * or failed task is gone by then) and with `codelocal clean --services`. Only names the record holds, still on the image they were given, are
 * touched, and only without force: the engine's refusal (some container uses the image) means "still in
 * use" and the name stays recorded for a later pass. Names another process of this host pulled while it
 * still lives, or a deploy of this process is about to start a task from, wait for that process.
 */
import { hostname } from 'node:os';
import { LABEL_ROLE, pidAlive, type ContainerRuntime } from '../../runtime/index.js';
import { PulledImages, type PulledImage } from './pulled-images.js';
import { LABEL_IMAGE, ROLE_ECS_TASK } from './task.js';

export interface ImageRemoval {
  ref: string;
  /** Pulled by a codelocal older than the record, recognised by its names (legacy-images.ts). */
  legacy?: boolean;
  /** Set when the engine refused (a container uses the image): the name was NOT removed. */
  error?: string;
}

export interface ImageCleanupOptions {
  runtime: ContainerRuntime;
  stateRoot: string;
  /** List what would go, remove nothing. */
  dryRun?: boolean;
  /** Task containers about to be removed (a dry-run clean): their images count as unused. */
  goingContainers?: ReadonlySet<string>;
  /** `clean` removes whatever no task uses, even names a live other process pulled. */
  evenOtherProcesses?: boolean;
}

/** Names a deploy of this process pulled and has not yet started its task from (parallel actions of one run). */
const held = new Map<string, number>();

/** Holds image names against cleanup until `release()` (the deploy's task exists, or the deploy ended). */
export function holdImages(): { add(ref: string): void; release(): void } {
  const mine: string[] = [];
  return {
    add(ref) {
      mine.push(ref);
      held.set(ref, (held.get(ref) ?? 0) + 1);
    },
    release() {
      for (const ref of mine.splice(0)) {
        const n = (held.get(ref) ?? 1) - 1;
        if (n > 0) held.set(ref, n);
        else held.delete(ref);
      }
    },
  };
}

/** The image names codelocal task containers of any project run from (label codelocal.ecs.image). */
async function namesInUse(runtime: ContainerRuntime, going?: ReadonlySet<string>): Promise<Set<string>> {
  const refs = await runtime.listResources({ labels: { [LABEL_ROLE]: ROLE_ECS_TASK } });
  return new Set(
    refs
      .filter((r) => r.kind === 'container' && !going?.has(r.id))
      .map((r) => r.labels[LABEL_IMAGE])
      .filter((v): v is string => Boolean(v)),
  );
}

function waitsForOtherProcess(e: PulledImage): boolean {
  return e.host === hostname() && e.pid !== process.pid && pidAlive(e.pid);
}

/** Removes (or with dryRun lists) the recorded names no task uses; returns them, refusals with their reason. */
export async function removeUnusedTaskImages(o: ImageCleanupOptions): Promise<ImageRemoval[]> {
  const store = new PulledImages(o.stateRoot);
  const entries = store.list();
  if (!entries.length) return [];
  const inUse = await namesInUse(o.runtime, o.goingContainers);
  const forget: string[] = [];
  const out: ImageRemoval[] = [];
  for (const e of entries) {
    if (held.has(e.ref) || inUse.has(e.ref) || (!o.evenOtherProcesses && waitsForOtherProcess(e))) continue;
    const info = await o.runtime.images.inspect(e.ref);
    // Gone, or the name now names another image (the user re-tagged it), or a nameless image got a name: not ours.
    const bareId = e.ref === e.imageId;
    if (!info || info.id !== e.imageId || (bareId && info.tags.length > 0)) {
      forget.push(e.ref);
      continue;
    }
    if (o.dryRun) {
      out.push({ ref: e.ref });
      continue;
    }
    // A deploy of this process may have pulled the same name again meanwhile.
    if (held.has(e.ref)) continue;
    const outcome = await o.runtime.images.untag(e.ref);
    if (outcome === 'in-use') out.push({ ref: e.ref, error: 'a container uses the image' });
    else {
      out.push({ ref: e.ref });
      forget.push(e.ref);
    }
  }
  if (!o.dryRun) store.drop(forget);
  return out;
}
