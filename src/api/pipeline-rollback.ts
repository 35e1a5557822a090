/**
 * RollbackStage (docs/aws/codepipeline.md §5.8, §12.7): `codelocal pipeline rollback-stage PIPELINE
 * STAGE --target-execution ID` starts a ROLLBACK execution that re-runs the stage with the target
 * execution's source revisions, artifacts and variables. The rules are the engine's
 * (engine/pipeline/rollback.ts); this wires the history, the recorded run settings and services
 * the way a retry does.
 */
import { InputError } from '../errors.js';
import type { PipelineDeclaration } from '../model/index.js';
import { planPipeline } from '../plan/index.js';
import { StageGateStore } from '../stores/index.js';
import {
  checkRollbackTarget,
  defaultRegistry,
  type ExecutionResultJson,
  executionView,
  loadProviders,
  runRollback,
} from '../engine/pipeline/index.js';
import { openExistingHistory, pipelineContext, resolveExecutionId, type PipelineContext } from './pipeline-context.js';
import { type EngineOptions, type PipelineRunResult, prepareRun } from './pipeline.js';
import { retryProjects } from './pipeline-services.js';

export interface RollbackStageOptions extends EngineOptions {
  /** The pipeline's name (checked against the target's). */
  pipeline: string;
  stage: string;
  /** The execution to roll back to (a unique prefix is enough). */
  targetExecutionId: string;
}

function recordedVariables(v: unknown): Record<string, string> {
  const list = (v as { name: string; resolvedValue: string }[] | undefined) ?? [];
  return Object.fromEntries(list.map((x) => [x.name, x.resolvedValue]));
}

/** "the stage is currently running" is one of UnableToRollbackStage's reasons. */
function assertStageIdle(ctx: PipelineContext, pipeline: string, stage: string): void {
  const gates = StageGateStore.open(ctx.state.executionsDb);
  try {
    const holder = gates.holder(pipeline, stage);
    if (holder) {
      throw new InputError(
        'UNABLE_TO_ROLLBACK_STAGE',
        `UnableToRollbackStageException: stage ${stage} is currently running execution ${holder}`,
      );
    }
  } finally {
    gates.close();
  }
}

export async function rollbackStage(o: RollbackStageOptions): Promise<PipelineRunResult> {
  const ctx = pipelineContext(o);
  const store = openExistingHistory(ctx, o.targetExecutionId);
  try {
    const targetId = resolveExecutionId(store, o.targetExecutionId);
    const rec = store.getPipelineExecution(targetId)!;
    const definition = rec.definition as PipelineDeclaration;
    if (definition.name !== o.pipeline) {
      throw new InputError(
        'UNABLE_TO_ROLLBACK_STAGE',
        `UnableToRollbackStageException: execution ${targetId} belongs to pipeline ${definition.name}, not ${o.pipeline}`,
      );
    }
    checkRollbackTarget(definition, o.stage, rec, targetId);
    assertStageIdle(ctx, definition.name, o.stage);
    const result = rec.result as ExecutionResultJson;
    const settings = result.run;
    const projects = retryProjects(ctx, settings);
    const variables = recordedVariables(rec.variables);
    const plan = planPipeline(
      { pipeline: definition, file: settings.file, positions: new Map(), projects: new Map() },
      { variables, projects, sourceOverrides: settings.sourceOverrides },
    );
    const registry = o.registry ?? defaultRegistry();
    await loadProviders(registry, plan);
    const p = prepareRun(
      { ...ctx, cwd: settings.cwd },
      store,
      { ...o, registry },
      {
        plan,
        executionId: targetId,
        region: settings.region,
        bucket: result.artifactBucket,
        projects,
        result,
        pipelineVariables: variables,
      },
    );
    let id = '';
    try {
      const started = await runRollback(
        p.run,
        {
          stage: o.stage,
          target: rec,
          trigger: 'ManualRollback',
          onStart: (newId) => o.onStart?.(newId, definition),
        },
        {
          maxParallel: o.maxParallel ?? settings.maxParallel,
          stopPollMs: o.stopPollMs ?? 500,
          gatePollMs: o.gatePollMs,
        },
      );
      id = started.executionId;
    } finally {
      await p.close();
    }
    return { execution: executionView(store, id)!, logsDir: ctx.state.pipelineExecutionDir(id) };
  } finally {
    store.close();
  }
}
