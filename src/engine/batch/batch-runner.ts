/**
 * Runs a batch plan (codebuild.md §7.1, §8.25): schedules member builds, at most `maxParallel` at a time.
 *
 * - A member starts once every `depend-on` task has ended well: SUCCEEDED, or failed with its own
 *   `ignore-failure: true` (UNCERTAIN: that an ignored failure unblocks dependents). A dependency that
 *   failed for real, or never started, means the member never starts (NOT_STARTED, with the reason).
 * - `fast-fail: true`: the first failure that counts (ignore-failure false) aborts the running members
 *   (they end STOPPED) and nothing else starts. `fast-fail: false` lets everything independent finish.
 * - The batch's own signal stops everything: the batch ends STOPPED.
 *
 * How one member runs is the caller's (`runMember`), which keeps this scheduler testable without Docker.
 */
import type { BatchPlan, PlannedBatchBuild } from '../../plan/batch-plan.js';
import type { Build, StatusType } from '../codebuild/build-types.js';
import type { BatchMember } from './batch-types.js';

export interface BatchRunEvents {
  onStart?(build: PlannedBatchBuild): void;
  onEnd?(build: PlannedBatchBuild, member: BatchMember): void;
  onSkip?(build: PlannedBatchBuild, reason: string): void;
}

export interface RunBatchPlanOptions {
  plan: BatchPlan;
  /** Members running at once (CodeBuild runs them all; a laptop cannot). At least 1. */
  maxParallel: number;
  signal?: AbortSignal;
  /** Runs one member to its end; `signal` aborts it (the build ends STOPPED). */
  runMember(build: PlannedBatchBuild, signal: AbortSignal): Promise<Build>;
  events?: BatchRunEvents;
}

export interface BatchRunResult {
  status: Extract<StatusType, 'SUCCEEDED' | 'FAILED' | 'STOPPED'>;
  /** In plan order. */
  members: BatchMember[];
  builds: Map<string, Build>;
}

export async function runBatchPlan(o: RunBatchPlanOptions): Promise<BatchRunResult> {
  const maxParallel = Math.max(1, Math.floor(o.maxParallel));
  const byId = new Map(o.plan.builds.map((b) => [b.identifier, b]));
  const members = new Map<string, BatchMember>(
    o.plan.builds.map((b) => [b.identifier, { identifier: b.identifier, label: b.label, status: 'NOT_STARTED' }]),
  );
  const pending = new Set(byId.keys());
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const builds = new Map<string, Build>();
  /** Why nothing more starts (fast-fail, batch stopped); undefined while the batch runs normally. */
  let halt: string | undefined;

  const member = (id: string) => members.get(id)!;
  const ended = (id: string) => !pending.has(id) && !running.has(id);
  const satisfied = (id: string) => {
    const m = member(id);
    if (m.status === 'SUCCEEDED') return true;
    return ended(id) && byId.get(id)!.ignoreFailure && m.status !== 'NOT_STARTED';
  };

  const stopAll = (reason: string) => {
    if (halt) return;
    halt = reason;
    for (const r of running.values()) r.controller.abort();
  };
  const onBatchAbort = () => stopAll('the batch was stopped');

  const skip = (b: PlannedBatchBuild, reason: string) => {
    pending.delete(b.identifier);
    member(b.identifier).reason = reason;
    o.events?.onSkip?.(b, reason);
  };

  const start = (b: PlannedBatchBuild) => {
    pending.delete(b.identifier);
    const m = member(b.identifier);
    m.status = 'IN_PROGRESS';
    m.requestedOn = new Date().toISOString();
    const controller = new AbortController();
    o.events?.onStart?.(b);
    const done = o
      .runMember(b, controller.signal)
      .then(
        (build) => {
          builds.set(b.identifier, build);
          m.status = build.buildStatus;
          m.buildId = build.id;
        },
        (e: unknown) => {
          // The member could not run at all (its image vanished, the engine went away): a fault of that
          // build, reported with the batch rather than thrown past the members still running.
          m.status = 'FAULT';
          m.reason = e instanceof Error ? e.message : String(e);
        },
      )
      .then(() => {
        running.delete(b.identifier);
        if (m.status === 'STOPPED' && halt) m.reason ??= halt;
        o.events?.onEnd?.(b, m);
        if (m.status !== 'SUCCEEDED' && !b.ignoreFailure && o.plan.fastFail) {
          stopAll(`fast-fail: ${b.identifier} ended ${m.status}`);
        }
      });
    running.set(b.identifier, { controller, done });
  };

  /** Starts what is ready and settles what can never start; repeats until nothing changes. */
  const schedule = () => {
    for (let changed = true; changed;) {
      changed = false;
      for (const id of pending) {
        const b = byId.get(id)!;
        if (halt) {
          skip(b, halt);
          changed = true;
          continue;
        }
        const blocker = b.dependsOn.find((d) => ended(d) && !satisfied(d));
        if (blocker) {
          skip(b, `dependency ${blocker} ended ${member(blocker).status}`);
          changed = true;
        } else if (running.size < maxParallel && b.dependsOn.every(satisfied)) {
          start(b);
          changed = true;
        }
      }
    }
  };

  o.signal?.addEventListener('abort', onBatchAbort, { once: true });
  if (o.signal?.aborted) onBatchAbort();
  try {
    schedule();
    while (running.size > 0) {
      await Promise.race([...running.values()].map((r) => r.done));
      schedule();
    }
  } finally {
    o.signal?.removeEventListener('abort', onBatchAbort);
  }
  // The model rejects cycles and unknown names, so nothing should be left; if it is, say so.
  for (const id of pending) skip(byId.get(id)!, 'its dependencies can never be met');

  const list = o.plan.builds.map((b) => member(b.identifier));
  const counts = (b: PlannedBatchBuild) => !b.ignoreFailure && member(b.identifier).status !== 'SUCCEEDED';
  const status = o.signal?.aborted ? 'STOPPED' : o.plan.builds.some(counts) ? 'FAILED' : 'SUCCEEDED';
  return { status, members: list, builds };
}
