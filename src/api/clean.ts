/**
 * `codelocal clean`: removes what debugging leaves behind (docs/debugging.md): kept build containers
 * (with their anonymous volumes, e.g. the inner /var/lib/docker of privileged builds) and old build
 * folders of the state folder (log, result.json, session record). Kept containers are those this
 * state folder recorded, or with `all` every kept build container of this host (one whose project
 * folder is gone, say). Builds that a live process still runs are never touched, and neither are
 * named volumes: those are caches (Docker layer cache).
 *
 * With `services` it also removes the local AWS that outlives runs (docs/local-aws.md, deploy.md) of
 * this state folder: its ECS task and proxy containers and any other kept deploy container
 * (clean-services.ts). The local ECR (`codelocal-registry` and its volume) and the `codelocal-aws`
 * network are shared by every project, and other projects' services are theirs: those go only with
 * `allProjects` (`--all-projects`), which also takes every project's kept build containers (as `all`).
 * Only on request, because that stops deployed services and forgets pushed images. With `services`, the
 * task images those services' deploys pulled into the host engine go too (never an image the user had).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { LABEL_HOST, LABEL_KEEP, LABEL_PID, LABEL_ROLE, pidAlive, type ContainerRuntime } from '../runtime/index.js';
import { BuildSessions, isLive } from '../workspace/index.js';
import { stateDirFor } from './debug.js';
import { withRuntime } from './runtime-session.js';
import { removeServices, removeTaskImages, serviceResources, type ServiceEntry } from './clean-services.js';
import type { ImageRemoval } from '../local-aws/index.js';

const DAY_MS = 86_400_000;

export interface CleanOptions {
  stateDir?: string;
  cwd?: string;
  /** Only what is older than this many days (default: everything not in use). */
  olderThanDays?: number;
  /** Kept build containers of every project on this host, not only those this state folder recorded. */
  all?: boolean;
  dryRun?: boolean;
  /** Also the local AWS this state folder left between runs: its ECS services (kept deploy containers). */
  services?: boolean;
  /**
   * Host-wide: every project's kept build containers and (with `services`) every project's services,
   * the shared local ECR with its volume and the codelocal-aws network.
   */
  allProjects?: boolean;
  runtime?: ContainerRuntime;
  now?: number;
}

export interface CleanReport {
  dryRun: boolean;
  containers: { id: string; name: string; buildId?: string }[];
  buildDirs: string[];
  /** With `services`: what was (or would be) removed; `error` when the engine refused (e.g. in use): not removed. */
  services: ServiceEntry[];
  /**
   * With `services`: the task image names codelocal's deploys pulled that went (or would go) with the services;
   * `error` when the engine refused (a container still uses the image): not removed.
   */
  images: ImageRemoval[];
  /** With `services` but not `allProjects`: the shared resources left in place (every project uses them). */
  sharedLeft: { kind: 'container' | 'volume' | 'network'; name: string }[];
  /** `project` (this state folder) or `all-projects`. */
  scope: 'project' | 'all-projects';
}

export async function clean(o: CleanOptions = {}): Promise<CleanReport> {
  if (o.olderThanDays !== undefined && !(o.olderThanDays >= 0)) {
    throw new InputError('FLAG_INVALID', `--older-than expects a number of days, got ${o.olderThanDays}`);
  }
  const cutoff = (o.now ?? Date.now()) - (o.olderThanDays ?? 0) * DAY_MS;
  const state = stateDirFor(o.cwd, o.stateDir);
  const sessions = new BuildSessions(state).list();
  // A container some live build process still drives (a paused build, a --reuse run) stays.
  const inUse = new Set(sessions.filter((s) => s.state !== 'finished' && isLive(s)).map((s) => s.containerId));
  // Another project's kept containers are its own business unless --all says otherwise.
  const ours = new Set(sessions.map((s) => s.containerId));
  const report: CleanReport = {
    dryRun: Boolean(o.dryRun),
    containers: [],
    buildDirs: [],
    services: [],
    images: [],
    sharedLeft: [],
    scope: o.allProjects ? 'all-projects' : 'project',
  };
  const allBuilds = Boolean(o.all || o.allProjects);

  const stays = new Set<string>(); // kept containers that remain after this clean
  await withRuntime(o.runtime, async (runtime) => {
    const all = (await runtime.listResources({ labels: { [LABEL_KEEP]: 'true', [LABEL_ROLE]: 'build' } })).filter(
      (r) => r.kind === 'container',
    );
    for (const r of all) {
      const removable =
        (allBuilds || ours.has(r.id)) &&
        r.labels[LABEL_HOST] === hostname() &&
        !pidAlive(Number(r.labels[LABEL_PID])) &&
        !inUse.has(r.id) &&
        (r.created ?? 0) <= cutoff;
      if (!removable) {
        stays.add(r.id);
        continue;
      }
      report.containers.push({ id: r.id, name: r.name, buildId: r.labels['codelocal.build-id'] });
      if (!o.dryRun) await (await runtime.getContainer(r.id))?.remove();
    }
    if (o.services) {
      const found = await serviceResources(runtime, { stateDir: state.root, allProjects: Boolean(o.allProjects) });
      report.services = await removeServices(runtime, found.remove, Boolean(o.dryRun));
      report.sharedLeft = found.sharedLeft.map((r) => ({ kind: r.kind, name: r.name }));
      const removed = found.remove.filter((r, i) => !report.services[i]?.error);
      report.images = await removeTaskImages(runtime, removed, {
        stateDir: state.root,
        allProjects: Boolean(o.allProjects),
        dryRun: Boolean(o.dryRun),
      });
    }
  });

  // A build folder stays while its build runs or its kept container stays (attach and --reuse read it).
  const leave = new Set(
    sessions
      .filter((s) => (s.state !== 'finished' && isLive(s)) || (s.keep && stays.has(s.containerId)))
      .map((s) => state.buildDir(s.buildId)),
  );
  for (const name of listDirs(state.buildsRoot)) {
    const dir = join(state.buildsRoot, name);
    if (leave.has(dir) || newestMtime(dir) > cutoff) continue;
    report.buildDirs.push(dir);
    if (!o.dryRun) rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

function listDirs(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return [];
  }
}

/** A build folder's age is its newest file's (a log appended to yesterday is not old). */
function newestMtime(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const f of readdirSync(dir)) {
    try {
      newest = Math.max(newest, statSync(join(dir, f)).mtimeMs);
    } catch {
      // vanished meanwhile
    }
  }
  return newest;
}
