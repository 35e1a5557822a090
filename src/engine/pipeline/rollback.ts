/**
 * Stage rollback (docs/aws/codepipeline.md §5.8, §12.7): a new execution of type ROLLBACK that runs
 * only the rolled-back stage with the source revisions, artifacts and variables of a target
 * execution that succeeded in that stage. Automatic (an `onFailure`/`onSuccess` ROLLBACK result,
 * trigger AutomatedRollback, target: the most recent such execution) or manual (RollbackStage,
 * trigger ManualRollback, target named by the caller). The rules that refuse a rollback live here
 * too, so the CLI command and the automatic path apply the same ones.
 */
import { randomUUID } from 'node:crypto';
import { InputError } from '../../errors.js';
import type { PipelineDeclaration } from '../../model/index.js';
import type { ExecutionStore, PipelineExecutionRecord } from '../../stores/index.js';
import type { ExecutionRun } from './action-attempt.js';
import { executeStages, type ExecuteOptions, type ExecuteOutcome } from './execution.js';
import { latestAttempts, type ActionInputJson, type ActionOutputJson, type ExecutionResultJson } from './history.js';
import type { ArtifactRecord } from './types.js';
import { baseTable } from './variables-table.js';

export type RollbackTrigger = 'AutomatedRollback' | 'ManualRollback';

function unable(why: string): InputError {
  return new InputError('UNABLE_TO_ROLLBACK_STAGE', `UnableToRollbackStageException: ${why}`);
}

const resultOf = (r: PipelineExecutionRecord) => (r.result ?? {}) as Partial<ExecutionResultJson>;

/** Whether `rec` is a standard execution of `pipeline` that succeeded in `stage`. */
function succeededIn(rec: PipelineExecutionRecord, pipeline: string, stage: string): boolean {
  const r = resultOf(rec);
  return (
    rec.pipeline === pipeline &&
    r.executionType !== 'ROLLBACK' &&
    (r.stages ?? []).some((s) => s.name === stage && s.status === 'Succeeded')
  );
}

/** The most recent execution that succeeded in the stage (the automatic rollback's target). */
export function lastSucceededIn(store: ExecutionStore, pipeline: string, stage: string, except?: string) {
  return store
    .listPipelineExecutions({ pipeline, limit: 1000 })
    .find((e) => e.id !== except && succeededIn(e, pipeline, stage));
}

/** RollbackStage's refusals: source stage, PARALLEL mode, a target that never succeeded there or is a rollback. */
export function checkRollbackTarget(
  definition: PipelineDeclaration,
  stage: string,
  target: PipelineExecutionRecord | undefined,
  targetId: string,
): PipelineExecutionRecord {
  const index = definition.stages.findIndex((s) => s.name === stage);
  if (index < 0)
    throw new InputError(
      'STAGE_NOT_FOUND',
      `StageNotFoundException: pipeline ${definition.name} has no stage ${stage}`,
    );
  if (index === 0) throw unable(`stage ${stage} is the source stage, which cannot be rolled back`);
  if ((definition.executionMode ?? 'SUPERSEDED') === 'PARALLEL')
    throw unable('a PARALLEL pipeline cannot roll back stages');
  if (!target || target.pipeline !== definition.name)
    throw unable(`${targetId} is not an execution of pipeline ${definition.name}`);
  if (resultOf(target).executionType === 'ROLLBACK') throw unable(`${targetId} is itself a rollback execution`);
  if (!succeededIn(target, definition.name, stage))
    throw unable(`stage ${stage} did not succeed in execution ${targetId}`);
  return target;
}

/** Gives the run the target's artifacts and namespaced variables (its succeeded actions' outputs). */
function restoreFrom(store: ExecutionStore, run: ExecutionRun, targetId: string): void {
  for (const a of latestAttempts(store, targetId).values()) {
    if (a.status !== 'Succeeded') continue;
    const out = (a.output ?? {}) as Partial<ActionOutputJson>;
    for (const art of out.codelocal?.artifacts ?? []) run.artifacts.set(art.name, art as ArtifactRecord);
    const ns = (a.input as ActionInputJson | undefined)?.namespace;
    if (ns) run.table[ns] = { ...(out.outputVariables ?? {}) };
  }
}

export interface RollbackRequest {
  stage: string;
  target: PipelineExecutionRecord;
  trigger: RollbackTrigger;
  /** Called when the rollback execution exists. */
  onStart?: (executionId: string) => void;
}

/** Starts the ROLLBACK execution and runs its one stage; `base` lends the services and plan. */
export async function runRollback(
  base: ExecutionRun,
  req: RollbackRequest,
  options: Omit<ExecuteOptions, 'run' | 'result' | 'fromStage'>,
): Promise<{ executionId: string; outcome: ExecuteOutcome }> {
  const target = resultOf(req.target) as ExecutionResultJson;
  const id = randomUUID();
  const variables = (req.target.variables as { name: string; resolvedValue: string }[] | undefined) ?? [];
  const result: ExecutionResultJson = {
    ...target,
    executionType: 'ROLLBACK',
    rollbackMetadata: { rollbackTargetPipelineExecutionId: req.target.id },
    artifactRevisions: [...(target.artifactRevisions ?? [])],
    stages: [],
  };
  base.store.insertPipelineExecution({
    id,
    pipeline: base.plan.pipelineName,
    status: 'InProgress',
    trigger: { triggerType: req.trigger, triggerDetail: req.target.id },
    variables,
    definition: base.plan.definition,
    result,
  });
  req.onStart?.(id);
  const stage = base.plan.stages.find((s) => s.name === req.stage)!;
  const run: ExecutionRun = {
    ...base,
    plan: { ...base.plan, stages: [{ ...stage, notStarted: false }] },
    executionId: id,
    table: baseTable(id, Object.fromEntries(variables.map((v) => [v.name, v.resolvedValue]))),
    artifacts: new Map(),
    revisions: [...result.artifactRevisions],
    executionDir: base.services.state.pipelineExecutionDir(id),
    attempts: new Map(),
  };
  restoreFrom(base.store, run, req.target.id);
  const outcome = await executeStages({ ...options, run, result, fromStage: 0 });
  return { executionId: id, outcome };
}

/**
 * executeStages, then the automatic rollback when a ROLLBACK result engaged (never for a rollback
 * execution itself). Without a target (no execution ever succeeded in the stage) the failed
 * execution stays as it is and the live view says why.
 */
export async function executeWithRollback(o: ExecuteOptions): Promise<ExecuteOutcome> {
  const outcome = await executeStages(o);
  if (!outcome.rollbackStage || o.result.executionType === 'ROLLBACK') return outcome;
  const { run } = o;
  const target = lastSucceededIn(run.store, run.plan.pipelineName, outcome.rollbackStage, run.executionId);
  if (!target) {
    run.emit({
      type: 'notice',
      message: `no execution succeeded in ${outcome.rollbackStage} before: nothing to roll back to`,
    });
    return outcome;
  }
  run.emit({ type: 'notice', message: `rolling ${outcome.rollbackStage} back to execution ${target.id}` });
  const { run: _r, result: _s, fromStage: _f, firstStageFilter: _ff, ...rest } = o;
  await runRollback(run, { stage: outcome.rollbackStage, target, trigger: 'AutomatedRollback' }, rest);
  return outcome;
}
