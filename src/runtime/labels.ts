/**
 * The labels stamped on every container, network and volume codelocal creates, and the rules that
 * decide whether a labelled resource is a leftover. Labels (not names) are the source of truth so that a
 * later process can find and sweep what a crashed one left behind.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { LABEL_HOST, LABEL_KEEP, LABEL_PID, LABEL_RUN_ID, LABEL_SHARED, LABEL_STATE_DIR, LABEL_TOOL } from './types.js';

export interface LabelContext {
  runId: string;
  pid?: number;
  host?: string;
  /** The state folder the runtime works for: stamped on every resource not marked shared. */
  stateDir?: string;
}

/** The label value for a state folder: its absolute path, so every process names it alike. */
export function stateDirLabel(stateDir: string): string {
  return path.resolve(stateDir);
}

/**
 * A short, stable tag of a state folder for resource names (`codelocal-ecs-<tag>-...`): two projects
 * deploying the same cluster and service get different containers. 8 hex characters of the path's hash.
 */
export function stateDirTag(stateDir: string): string {
  return createHash('sha256').update(stateDirLabel(stateDir)).digest('hex').slice(0, 8);
}

/** The labels for a new resource: caller labels first, so they can never override the bookkeeping ones. */
export function resourceLabels(
  ctx: LabelContext,
  options: { keep?: boolean; extra?: Record<string, string> } = {},
): Record<string, string> {
  const labels: Record<string, string> = {
    ...options.extra,
    [LABEL_TOOL]: 'true',
    [LABEL_RUN_ID]: ctx.runId,
    [LABEL_PID]: String(ctx.pid ?? process.pid),
    [LABEL_HOST]: ctx.host ?? os.hostname(),
  };
  if (options.keep) labels[LABEL_KEEP] = 'true';
  // A shared resource belongs to no project, whichever one happened to create it.
  if (labels[LABEL_SHARED] === 'true') delete labels[LABEL_STATE_DIR];
  else if (ctx.stateDir) labels[LABEL_STATE_DIR] = stateDirLabel(ctx.stateDir);
  return labels;
}

/** Engine-side label filters (`key=value` strings) for codelocal resources, optionally narrowed. */
export function labelFilters(filter: { runId?: string; labels?: Record<string, string> } = {}): string[] {
  const out = [`${LABEL_TOOL}=true`];
  if (filter.runId) out.push(`${LABEL_RUN_ID}=${filter.runId}`);
  for (const [k, v] of Object.entries(filter.labels ?? {})) out.push(`${k}=${v}`);
  return out;
}

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A resource is a leftover when this host created it, it is not kept, and the process that created it is gone.
 * Resources from other hosts sharing a remote engine are never touched: their pids mean nothing here.
 */
export function isLeftover(
  labels: Record<string, string> | undefined,
  host: string = os.hostname(),
  alive: (pid: number) => boolean = pidAlive,
): boolean {
  if (!labels || labels[LABEL_TOOL] !== 'true') return false;
  if (labels[LABEL_KEEP] === 'true') return false;
  if (labels[LABEL_HOST] !== host) return false;
  const pid = Number(labels[LABEL_PID]);
  return !alive(pid);
}
