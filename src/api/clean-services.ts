/**
 * The `--services` part of `codelocal clean`: the kept local AWS resources (ECS task and proxy
 * containers, and any other kept non-build resource a deploy action leaves, found by label rather
 * than by a list of roles so new providers are covered). A clean works for one state folder: it takes
 * only resources labelled with that folder (LABEL_STATE_DIR). What every project shares (the local ECR
 * registry, its volume, the codelocal-aws network: LABEL_SHARED) and other projects' services go only
 * with `--all-projects`. The report lists exactly what was removed, or with `--dry-run` would be.
 * Then the task images those services' deploys pulled (removeTaskImages): once their containers are gone.
 */
import { existsSync } from 'node:fs';
import {
  LABEL_KEEP,
  LABEL_ROLE,
  LABEL_SHARED,
  LABEL_STATE_DIR,
  stateDirLabel,
  type ContainerRuntime,
  type ResourceRef,
} from '../runtime/index.js';
import {
  ROLE_LOCAL_AWS,
  ROLE_REGISTRY,
  removeLegacyTaskImages,
  removeUnusedTaskImages,
  type ImageRemoval,
} from '../local-aws/index.js';

export interface ServiceEntry {
  kind: 'container' | 'volume' | 'network';
  name: string;
  /** Set when the engine refused (e.g. in use): the resource was NOT removed. */
  error?: string;
}

/** Containers first: a volume or network in use by a container cannot go. */
const KIND_ORDER = { container: 0, volume: 1, network: 2 } as const;
/** Shared before LABEL_SHARED existed: recognised by role. */
const SHARED_ROLES = new Set([ROLE_REGISTRY, ROLE_LOCAL_AWS]);

export function isShared(r: ResourceRef): boolean {
  return r.labels[LABEL_SHARED] === 'true' || SHARED_ROLES.has(r.labels[LABEL_ROLE] ?? '');
}

/** Kept resources that are not build containers (the build part of clean handles those, with its sessions). */
function isService(r: ResourceRef): boolean {
  return r.labels[LABEL_KEEP] === 'true' && r.labels[LABEL_ROLE] !== 'build';
}

/** What a clean would remove: this state folder's kept services, or (allProjects) every kept service and the shared ones. */
export async function serviceResources(
  runtime: ContainerRuntime,
  scope: { stateDir: string; allProjects: boolean },
): Promise<{ remove: ResourceRef[]; sharedLeft: ResourceRef[] }> {
  const all = (await runtime.listResources({ labels: { [LABEL_KEEP]: 'true' } })).filter(isService);
  const mine = stateDirLabel(scope.stateDir);
  const remove = all
    .filter((r) => scope.allProjects || (!isShared(r) && r.labels[LABEL_STATE_DIR] === mine))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const sharedLeft = scope.allProjects ? [] : all.filter(isShared);
  return { remove, sharedLeft };
}

export async function removeServices(
  runtime: ContainerRuntime,
  refs: ResourceRef[],
  dryRun: boolean,
): Promise<ServiceEntry[]> {
  const out: ServiceEntry[] = [];
  for (const r of refs) {
    const entry: ServiceEntry = { kind: r.kind, name: r.name };
    out.push(entry);
    if (dryRun) continue;
    try {
      if (r.kind === 'container') await (await runtime.getContainer(r.id))?.remove();
      else if (r.kind === 'volume') await runtime.volumes.remove(r.name);
      else await runtime.networks.remove(r.id);
    } catch (e) {
      // A build of another live process may still use the network: say so and carry on.
      entry.error = (e as Error).message;
    }
  }
  return out;
}

/**
 * The task images the deploys of this state folder (with `allProjects`, also of every state folder whose
 * services were just removed, and those an older codelocal pulled without a record) pulled and no
 * remaining task uses. A dry run counts the containers it
 * would remove as gone, so its listing is what a real clean removes.
 */
export async function removeTaskImages(
  runtime: ContainerRuntime,
  removed: ResourceRef[],
  scope: { stateDir: string; allProjects: boolean; dryRun: boolean },
): Promise<ImageRemoval[]> {
  const roots = new Set([stateDirLabel(scope.stateDir)]);
  if (scope.allProjects) for (const r of removed) if (r.labels[LABEL_STATE_DIR]) roots.add(r.labels[LABEL_STATE_DIR]);
  const going = new Set(removed.filter((r) => r.kind === 'container').map((r) => r.id));
  const out: ImageRemoval[] = [];
  for (const stateRoot of roots) {
    if (!existsSync(stateRoot)) continue;
    out.push(
      ...(await removeUnusedTaskImages({
        runtime,
        stateRoot,
        dryRun: scope.dryRun,
        ...(scope.dryRun ? { goingContainers: going } : {}),
        evenOtherProcesses: true,
      })),
    );
  }
  // Host-wide, the names an older codelocal's pulls left (recognised by their loopback twins) go too.
  if (scope.allProjects) out.push(...(await removeLegacyTaskImages(runtime, scope.dryRun)));
  // Two projects may have recorded the same name: list it once.
  return [...new Map(out.map((r) => [r.ref, r])).values()];
}
