/**
 * The boundary in front of each stage, as the execution mode says (docs/aws/codepipeline.md §12):
 * an execution waits there while the stage is locked by another one (SUPERSEDED, QUEUED), while
 * an older one is first in the queue (QUEUED) or while the inbound transition is disabled (every
 * mode); in SUPERSEDED mode a more recent execution arriving at the same boundary overtakes it and
 * it ends Superseded. The decisions are the shared StageGateStore's, so they hold across
 * processes; this file only polls it and tells the live view why the execution waits.
 */
import type { ExecutionMode, StageGateStore } from '../../../stores/index.js';
import type { ExecutionRun } from '../action-attempt.js';

export type GateOutcome = { kind: 'entered' } | { kind: 'superseded'; by: string } | { kind: 'stopped' };

export interface GateOptions {
  gates: StageGateStore;
  mode: ExecutionMode;
  startedAt: number;
  pollMs: number;
}

const WHY = {
  transition: (stage: string) => `the inbound transition of stage ${stage} is disabled`,
  locked: (stage: string, holder?: string) => `stage ${stage} is running execution ${holder ?? '?'}`,
  queued: (stage: string, holder?: string) => `execution ${holder ?? '?'} is ahead in the queue for stage ${stage}`,
};

/** Waits in front of `stage` until the execution may enter it, is superseded, or is stopped. */
export async function passGate(run: ExecutionRun, stage: string, g: GateOptions): Promise<GateOutcome> {
  const request = {
    pipeline: run.plan.pipelineName,
    stage,
    executionId: run.executionId,
    startedAt: g.startedAt,
    mode: g.mode,
  };
  let told = '';
  for (;;) {
    if (run.stop.requested) {
      g.gates.withdraw(request.pipeline, stage, run.executionId);
      return { kind: 'stopped' };
    }
    const a = g.gates.tryEnter(request);
    if (a.answer === 'enter') return { kind: 'entered' };
    if (a.answer === 'superseded') return { kind: 'superseded', by: a.by };
    const why = WHY[a.reason](stage, a.holder);
    if (why !== told) {
      told = why;
      run.emit({ type: 'notice', message: `waiting in front of ${stage}: ${why}` });
    }
    await run.services.clock.sleep(g.pollMs, run.stop.abandonSignal);
  }
}

/** The mode the execution runs in; an unknown value (validation rejects it) falls back to the default. */
export function modeOf(mode: string | undefined): ExecutionMode {
  return mode === 'QUEUED' || mode === 'PARALLEL' ? mode : 'SUPERSEDED';
}
