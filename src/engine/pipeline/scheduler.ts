/**
 * Stage scheduling (docs/aws/codepipeline.md §1.4, §5.2) of the plan's groups: runOrder groups in ascending order, the actions
 * of a group together (up to the parallel limit). When an action fails, its running siblings
 * finish, no later group starts and the stage fails once they are done. A stop request lets
 * running actions finish (or abandons them) and starts nothing new.
 *
 * Actions of a group waiting only for a free slot still run after a sibling fails: on AWS they
 * would already have started together, and the local limit must not change the result.
 */
import type { PlannedAction, PlannedGroup } from '../../plan/index.js';
import type { ActionOutcome } from './action-runner.js';
import type { Limiter } from './limiter.js';
import type { StopController } from './stop.js';

export type StageOutcome = 'Succeeded' | 'Failed' | 'Stopped';

export interface StageSchedule {
  /** The plan's runOrder groups of the stage, in order. */
  groups: readonly PlannedGroup[];
  /** False for actions a FAILED_ACTIONS retry keeps (they already succeeded). */
  shouldRun(action: PlannedAction): boolean;
  runAction(action: PlannedAction): Promise<ActionOutcome>;
  limiter: Limiter;
  stop: StopController;
}

export async function runStage(s: StageSchedule): Promise<StageOutcome> {
  for (const group of s.groups) {
    if (s.stop.requested) return 'Stopped';
    const todo = group.actions.filter((a) => s.shouldRun(a));
    const results = await Promise.all(
      todo.map((a) => s.limiter.run(async () => (s.stop.requested ? ('NotStarted' as const) : s.runAction(a)))),
    );
    if (results.includes('Failed')) return 'Failed';
    if (s.stop.requested || results.some((r) => r === 'Abandoned' || r === 'NotStarted')) return 'Stopped';
  }
  return 'Succeeded';
}
