/**
 * CodePipeline's rules for RetryStageExecution (docs/aws/codepipeline.md §5.5): which execution may be
 * retried (not one still running, not a succeeded one, not one a later execution has overtaken in
 * that stage), which stage is retried (the one where it failed or stopped), which of its actions
 * run again (FAILED_ACTIONS: all but the succeeded ones; ALL_ACTIONS: every one), and what the
 * retry starts from (the artifacts, namespaced variables and attempt counts the first attempt
 * left). The API layer opens the history and wires the run; the rules live here.
 */
import { InputError } from '../../errors.js';
import type { PipelineDeclaration, StageDeclaration } from '../../model/index.js';
import type { PlannedAction } from '../../plan/index.js';
import type { ExecutionStore, PipelineExecutionRecord } from '../../stores/index.js';
import type { ExecutionRun } from './action-attempt.js';
import { latestAttempts, type ActionInputJson, type ActionOutputJson, type ExecutionResultJson } from './history.js';
import type { ArtifactRecord } from './types.js';

export type RetryMode = 'FAILED_ACTIONS' | 'ALL_ACTIONS';

/** Where and how a retry re-enters an execution. */
export interface RetryPoint {
  executionId: string;
  /** The definition the execution ran with (a retry never re-reads the file's stages). */
  pipeline: PipelineDeclaration;
  result: ExecutionResultJson;
  stageIndex: number;
  /** Pipeline-level variables as the execution resolved them. */
  variables: Record<string, string>;
  /** Whether an action of the retried stage runs again. */
  shouldRun(action: PlannedAction): boolean;
}

function stageNotRetryable(id: string, why: string): InputError {
  return new InputError('STAGE_NOT_RETRYABLE', `StageNotRetryableException: execution ${id} cannot be retried: ${why}`);
}

function assertNotRunning(rec: PipelineExecutionRecord): void {
  if (rec.status === 'InProgress' || rec.status === 'Stopping') {
    throw new InputError(
      'CONFLICT',
      `ConflictException: execution ${rec.id} is still ${rec.status} (process ${rec.pid})`,
    );
  }
}

/** The stage where the execution failed or stopped; -1 when there is none. */
function retryStageIndex(pipeline: PipelineDeclaration, result: ExecutionResultJson): number {
  return pipeline.stages.findIndex((s) => {
    const st = result.stages.find((x) => x.name === s.name)?.status;
    return st === 'Failed' || st === 'Stopped' || st === 'Stopping' || st === 'InProgress';
  });
}

/** §5.5: a newer execution that entered the stage makes this one outdated. */
function assertLatest(store: ExecutionStore, rec: PipelineExecutionRecord, stage: StageDeclaration): void {
  const newer = store
    .listPipelineExecutions({ pipeline: rec.pipeline, limit: 1000 })
    .filter((e) => e.startTime > rec.startTime && store.listActionExecutions(e.id).some((a) => a.stage === stage.name));
  if (newer.length > 0) {
    throw new InputError(
      'NOT_LATEST_PIPELINE_EXECUTION',
      `NotLatestPipelineExecutionException: stage ${stage.name} has run in a later execution (${newer[0]!.id}); ${rec.id} is out of date`,
    );
  }
}

function recordedVariables(rec: PipelineExecutionRecord): Record<string, string> {
  const list = (rec.variables as { name: string; resolvedValue: string }[] | undefined) ?? [];
  return Object.fromEntries(list.map((v) => [v.name, v.resolvedValue]));
}

/** Applies the §5.5 rules to a recorded execution; throws the AWS exception when it may not be retried. */
export function retryPoint(store: ExecutionStore, id: string, mode: RetryMode): RetryPoint {
  const rec = store.getPipelineExecution(id)!;
  assertNotRunning(rec);
  const pipeline = rec.definition as PipelineDeclaration;
  const result = rec.result as ExecutionResultJson;
  const stageIndex = retryStageIndex(pipeline, result);
  if (rec.status === 'Succeeded' || stageIndex < 0) throw stageNotRetryable(id, 'the stage contains no failed actions');
  const stage = pipeline.stages[stageIndex]!;
  const latest = latestAttempts(store, id);
  const statusOf = (action: string) => latest.get(`${stage.name}.${action}`)?.status;
  if (rec.status === 'Failed' && !stage.actions.some((a) => ['Failed', 'Abandoned'].includes(statusOf(a.name) ?? ''))) {
    throw stageNotRetryable(id, `stage ${stage.name} contains no failed actions`);
  }
  assertLatest(store, rec, stage);
  return {
    executionId: id,
    pipeline,
    result,
    stageIndex,
    variables: recordedVariables(rec),
    shouldRun: mode === 'ALL_ACTIONS' ? () => true : (a) => statusOf(a.name) !== 'Succeeded',
  };
}

/** Gives the run what the first attempt left: attempt counts, artifacts and namespaced variables. */
export function restoreRun(store: ExecutionStore, run: ExecutionRun): void {
  for (const a of store.listActionExecutions(run.executionId)) {
    const key = `${a.stage}.${a.action}`;
    run.attempts.set(key, Math.max(run.attempts.get(key) ?? 0, a.attempt));
  }
  for (const a of latestAttempts(store, run.executionId).values()) {
    if (a.status !== 'Succeeded') continue;
    const out = (a.output ?? {}) as Partial<ActionOutputJson>;
    for (const art of out.codelocal?.artifacts ?? []) run.artifacts.set(art.name, art as ArtifactRecord);
    const ns = (a.input as ActionInputJson | undefined)?.namespace;
    if (ns) run.table[ns] = { ...(out.outputVariables ?? {}) };
  }
}
