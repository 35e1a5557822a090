/**
 * Runs a batch plan (docs/aws/codebuild.md §7.1, §8.25): schedules member builds, at most `maxParallel` at a time.
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
import type { BatchPlan, PlannedBatchBuild } from '../../plan/index.js';
import type { Build, StatusType } from '../codebuild/index.js';
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
  const batch = new BatchScheduler(o);
  const onBatchAbort = () => batch.stopAll('the batch was stopped');
  o.signal?.addEventListener('abort', onBatchAbort, { once: true });
  if (o.signal?.aborted) onBatchAbort();
  try {
    await batch.runToEnd();
  } finally {
    o.signal?.removeEventListener('abort', onBatchAbort);
  }
  return batch.result();
}

/** The batch's state (members, what is pending and running) and the steps that move it on. */
class BatchScheduler {
  private readonly maxParallel: number;
  private readonly byId: Map<string, PlannedBatchBuild>;
  private readonly members: Map<string, BatchMember>;
  private readonly pending: Set<string>;
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly builds = new Map<string, Build>();
  /** Why nothing more starts (fast-fail, batch stopped); undefined while the batch runs normally. */
  private halt: string | undefined;

  constructor(private readonly o: RunBatchPlanOptions) {
    this.maxParallel = Math.max(1, Math.floor(o.maxParallel));
    this.byId = new Map(o.plan.builds.map((b) => [b.identifier, b]));
    this.members = new Map(
      o.plan.builds.map((b) => [b.identifier, { identifier: b.identifier, label: b.label, status: 'NOT_STARTED' }]),
    );
    this.pending = new Set(this.byId.keys());
  }

  /** Schedules until no member runs; anything still pending then can never start. */
  async runToEnd(): Promise<void> {
    this.schedule();
    while (this.running.size > 0) {
      await Promise.race([...this.running.values()].map((r) => r.done));
      this.schedule();
    }
    // The model rejects cycles and unknown names, so nothing should be left; if it is, say so.
    for (const id of this.pending) this.skip(this.byId.get(id)!, 'its dependencies can never be met');
  }

  result(): BatchRunResult {
    const { plan, signal } = this.o;
    const list = plan.builds.map((b) => this.member(b.identifier));
    const counts = (b: PlannedBatchBuild) => !b.ignoreFailure && this.member(b.identifier).status !== 'SUCCEEDED';
    const status = signal?.aborted ? 'STOPPED' : plan.builds.some(counts) ? 'FAILED' : 'SUCCEEDED';
    return { status, members: list, builds: this.builds };
  }

  stopAll(reason: string): void {
    if (this.halt) return;
    this.halt = reason;
    for (const r of this.running.values()) r.controller.abort();
  }

  private member(id: string): BatchMember {
    return this.members.get(id)!;
  }

  private ended(id: string): boolean {
    return !this.pending.has(id) && !this.running.has(id);
  }

  private satisfied(id: string): boolean {
    const m = this.member(id);
    if (m.status === 'SUCCEEDED') return true;
    return this.ended(id) && this.byId.get(id)!.ignoreFailure && m.status !== 'NOT_STARTED';
  }

  /** Starts what is ready and settles what can never start; repeats until nothing changes. */
  private schedule(): void {
    for (let changed = true; changed;) {
      changed = false;
      for (const id of this.pending) changed = this.scheduleOne(this.byId.get(id)!) || changed;
    }
  }

  /** Skips or starts one pending member when its time has come; says whether it did. */
  private scheduleOne(b: PlannedBatchBuild): boolean {
    if (this.halt) {
      this.skip(b, this.halt);
      return true;
    }
    const blocker = b.dependsOn.find((d) => this.ended(d) && !this.satisfied(d));
    if (blocker) {
      this.skip(b, `dependency ${blocker} ended ${this.member(blocker).status}`);
      return true;
    }
    if (this.running.size < this.maxParallel && b.dependsOn.every((d) => this.satisfied(d))) {
      this.start(b);
      return true;
    }
    return false;
  }

  private skip(b: PlannedBatchBuild, reason: string): void {
    this.pending.delete(b.identifier);
    this.member(b.identifier).reason = reason;
    this.o.events?.onSkip?.(b, reason);
  }

  private start(b: PlannedBatchBuild): void {
    this.pending.delete(b.identifier);
    const m = this.member(b.identifier);
    m.status = 'IN_PROGRESS';
    m.requestedOn = new Date().toISOString();
    const controller = new AbortController();
    this.o.events?.onStart?.(b);
    const done = this.o
      .runMember(b, controller.signal)
      .then(
        (build) => {
          this.builds.set(b.identifier, build);
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
      .then(() => this.memberEnded(b, m));
    this.running.set(b.identifier, { controller, done });
  }

  private memberEnded(b: PlannedBatchBuild, m: BatchMember): void {
    this.running.delete(b.identifier);
    if (m.status === 'STOPPED' && this.halt) m.reason ??= this.halt;
    this.o.events?.onEnd?.(b, m);
    if (m.status !== 'SUCCEEDED' && !b.ignoreFailure && this.o.plan.fastFail) {
      this.stopAll(`fast-fail: ${b.identifier} ended ${m.status}`);
    }
  }
}
