/**
 * `codelocal clean`: removes what debugging leaves behind (docs/debugging.md): kept build containers
 * (with their anonymous volumes, e.g. the inner /var/lib/docker of privileged builds) and old build
 * folders of the state folder (log, result.json, session record). Kept containers are those this
 * state folder recorded, or with `all` every kept build container of this host (one whose project
 * folder is gone, say). Builds that a live process still runs are never touched, and neither are
 * named volumes: those are caches (Docker layer cache).
 *
 * With `services` it also removes the local AWS that outlives runs (docs/local-aws.md, deploy.md):
 * ECS task and proxy containers, Lambda containers, CodeDeploy instance containers, the `codelocal-registry` container with its
 * `codelocal-registry-data` volume (the local ECR's images), and the `codelocal-aws` network. Only on
 * request, because that stops deployed services and forgets pushed images.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { pidAlive } from '../runtime/index.js';
import {
  LABEL_HOST,
  LABEL_KEEP,
  LABEL_PID,
  LABEL_ROLE,
  type ContainerRuntime,
  type ResourceRef,
} from '../runtime/index.js';
import {
  ROLE_CODEDEPLOY_INSTANCE,
  ROLE_ECS_PROXY,
  ROLE_ECS_TASK,
  ROLE_LAMBDA,
  ROLE_LOCAL_AWS,
  ROLE_REGISTRY,
} from '../local-aws/index.js';
import { BuildSessions, isLive } from '../workspace/index.js';
import { stateDirFor } from './debug.js';
import { withRuntime } from './runtime-session.js';

const DAY_MS = 86_400_000;

export interface CleanOptions {
  stateDir?: string;
  cwd?: string;
  /** Only what is older than this many days (default: everything not in use). */
  olderThanDays?: number;
  /** Kept build containers of every project on this host, not only those this state folder recorded. */
  all?: boolean;
  dryRun?: boolean;
  /** Also the local AWS leftovers: ECS services, Lambda containers, the local ECR and the network. */
  services?: boolean;
  runtime?: ContainerRuntime;
  now?: number;
}

export interface CleanReport {
  dryRun: boolean;
  containers: { id: string; name: string; buildId?: string }[];
  buildDirs: string[];
  /** With `services`: what was (or would be) removed; `error` when the engine refused (e.g. in use). */
  services: { kind: 'container' | 'volume' | 'network'; name: string; error?: string }[];
}

/** Containers first: a volume or network in use by a container cannot go. */
const SERVICE_ROLES = [
  ROLE_ECS_TASK,
  ROLE_ECS_PROXY,
  ROLE_LAMBDA,
  ROLE_CODEDEPLOY_INSTANCE,
  ROLE_REGISTRY,
  ROLE_LOCAL_AWS,
];
const KIND_ORDER = { container: 0, volume: 1, network: 2 } as const;

async function cleanServices(runtime: ContainerRuntime, dryRun: boolean): Promise<CleanReport['services']> {
  const found = new Map<string, ResourceRef>();
  for (const role of SERVICE_ROLES)
    for (const r of await runtime.listResources({ labels: { [LABEL_ROLE]: role } })) found.set(`${r.kind}/${r.id}`, r);
  const refs = [...found.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const out: CleanReport['services'] = [];
  for (const r of refs) {
    const entry: CleanReport['services'][number] = { kind: r.kind, name: r.name };
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
  const report: CleanReport = { dryRun: Boolean(o.dryRun), containers: [], buildDirs: [], services: [] };

  const stays = new Set<string>(); // kept containers that remain after this clean
  await withRuntime(o.runtime, async (runtime) => {
    const all = (await runtime.listResources({ labels: { [LABEL_KEEP]: 'true', [LABEL_ROLE]: 'build' } })).filter(
      (r) => r.kind === 'container',
    );
    for (const r of all) {
      const removable =
        (o.all || ours.has(r.id)) &&
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
    if (o.services) report.services = await cleanServices(runtime, Boolean(o.dryRun));
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
