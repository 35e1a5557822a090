/**
 * What a stage's conditions decide (docs/aws/codepipeline.md §12.5): `beforeEntry` lets the
 * execution in, skips the stage or fails it; after the stage ran, `onSuccess` may fail it or roll
 * it back, and `onFailure` may retry it once (FAILED_ACTIONS or ALL_ACTIONS), roll it back or
 * leave it failed. The engine's stage loop asks; the stage runs (and re-runs) there.
 */
import type { StageDeclaration } from '../../../model/index.js';
import type { ExecutionRun } from '../action-attempt.js';
import type { ConditionState } from '../history.js';
import { evaluateCondition } from './evaluate.js';

export type EntryDecision = { kind: 'enter' } | { kind: 'skip' } | { kind: 'fail'; summary: string };

export type AfterDecision =
  | { kind: 'keep' }
  | { kind: 'fail'; summary: string }
  | { kind: 'rollback'; summary: string }
  | { kind: 'retry'; mode: 'FAILED_ACTIONS' | 'ALL_ACTIONS' };

type Record = (c: ConditionState) => void;

const ruleText = (c: ConditionState) =>
  c.rules
    .filter((r) => r.status !== 'Succeeded')
    .map((r) => `${r.name}: ${r.summary}`)
    .join('; ');

export function stageDeclaration(run: ExecutionRun, stage: string): StageDeclaration | undefined {
  return run.plan.definition.stages.find((s) => s.name === stage);
}

/** beforeEntry: a failed (or errored) condition engages its result, FAIL by default. */
export async function beforeEntry(run: ExecutionRun, decl: StageDeclaration, record: Record): Promise<EntryDecision> {
  const condition = decl.beforeEntry?.conditions?.[0];
  if (!condition) return { kind: 'enter' };
  const c = await evaluateCondition(run, decl.name, 'beforeEntry', condition, 'FAIL');
  record(c);
  if (c.status === 'Succeeded') return { kind: 'enter' };
  if (c.result === 'SKIP') return { kind: 'skip' };
  return { kind: 'fail', summary: `Stage ${decl.name} entry condition ${c.status}: ${ruleText(c)}` };
}

/** onSuccess: a failed condition fails the stage (FAIL, the default) or rolls it back. */
async function onSuccess(run: ExecutionRun, decl: StageDeclaration, record: Record): Promise<AfterDecision> {
  const condition = decl.onSuccess?.conditions?.[0];
  if (!condition) return { kind: 'keep' };
  const c = await evaluateCondition(run, decl.name, 'onSuccess', condition, 'FAIL');
  record(c);
  if (c.status === 'Succeeded') return { kind: 'keep' };
  const summary = `Stage ${decl.name} success condition ${c.status}: ${ruleText(c)}`;
  return c.result === 'ROLLBACK' ? { kind: 'rollback', summary } : { kind: 'fail', summary };
}

/**
 * onFailure: with rules, the result engages only when the condition succeeds (UNCERTAIN, §12.5);
 * RETRY once per execution and stage, then the stage stays failed.
 */
async function onFailure(
  run: ExecutionRun,
  decl: StageDeclaration,
  record: Record,
  retriesSoFar: number,
): Promise<AfterDecision> {
  const f = decl.onFailure;
  if (!f) return { kind: 'keep' };
  let result = f.result;
  const condition = f.conditions?.[0];
  if (condition) {
    const c = await evaluateCondition(run, decl.name, 'onFailure', condition, f.result);
    record(c);
    if (c.status !== 'Succeeded') return { kind: 'keep' };
    result = c.result;
  }
  if (result === 'RETRY' && retriesSoFar < 1) {
    const mode = f.retryConfiguration?.retryMode === 'ALL_ACTIONS' ? 'ALL_ACTIONS' : 'FAILED_ACTIONS';
    return { kind: 'retry', mode };
  }
  if (result === 'ROLLBACK') return { kind: 'rollback', summary: `Stage ${decl.name} failed: rolling back` };
  return { kind: 'keep' };
}

export function afterStage(
  run: ExecutionRun,
  decl: StageDeclaration,
  outcome: 'Succeeded' | 'Failed' | 'Stopped',
  record: Record,
  retriesSoFar: number,
): Promise<AfterDecision> {
  if (outcome === 'Succeeded') return onSuccess(run, decl, record);
  if (outcome === 'Failed') return onFailure(run, decl, record, retriesSoFar);
  return Promise.resolve({ kind: 'keep' });
}
