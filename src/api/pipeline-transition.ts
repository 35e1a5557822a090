/**
 * DisableStageTransition / EnableStageTransition for the inbound transition of a stage
 * (docs/aws/codepipeline.md §5.7, §12.4): recorded in the state folder's history database, where
 * every running execution of the pipeline (this process or another) looks before entering a stage.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { loadPipeline, type PipelineDeclaration } from '../model/index.js';
import { StageGateStore, type TransitionState } from '../stores/index.js';
import { openHistory, pipelineContext, type StateOptions } from './pipeline-context.js';

export interface StageTransitionOptions extends StateOptions {
  /** The pipeline's name, or its file (get-pipeline JSON or a template, `file#LogicalId`). */
  pipeline: string;
  stage: string;
  enabled: boolean;
  /** Required to disable: 1 to 300 characters of `[a-zA-Z0-9!@ ().*?-]` (API:DisableStageTransition). */
  reason?: string;
}

const REASON = /^[a-zA-Z0-9!@ ().*?-]{1,300}$/;

function invalidReason(reason: string | undefined): InputError {
  return new InputError(
    'TRANSITION_REASON_INVALID',
    `ValidationException: reason must be 1 to 300 characters of letters, digits, spaces and !@().*?- (got ${JSON.stringify(reason ?? '')})`,
    { details: ['for example: --reason "Hold for release review"'] },
  );
}

/** The definition to check the stage against: the file's, else the one the latest execution ran. */
function definitionOf(o: StageTransitionOptions, latest: () => PipelineDeclaration | undefined) {
  const file = o.pipeline.split('#')[0]!;
  if (existsSync(file)) return loadPipeline(o.pipeline, {}).pipeline;
  return latest();
}

/** Disables or enables the inbound transition of a stage; returns its new state. */
export function setStageTransition(o: StageTransitionOptions): TransitionState {
  if (!o.enabled && (o.reason === undefined || !REASON.test(o.reason))) throw invalidReason(o.reason);
  const ctx = pipelineContext(o);
  const store = openHistory(ctx);
  let name = o.pipeline;
  try {
    const definition = definitionOf(o, () => {
      const last = store.listPipelineExecutions({ pipeline: o.pipeline, limit: 1 })[0];
      return last?.definition as PipelineDeclaration | undefined;
    });
    if (definition) {
      name = definition.name;
      const stages = definition.stages.map((s) => s.name);
      if (!stages.includes(o.stage)) {
        throw new InputError('STAGE_NOT_FOUND', `StageNotFoundException: pipeline ${name} has no stage ${o.stage}`, {
          details: [`stages: ${stages.join(', ')}`],
        });
      }
    }
  } finally {
    store.close();
  }
  const gates = StageGateStore.open(ctx.state.executionsDb);
  try {
    return gates.setTransition(name, o.stage, o.enabled, o.reason, 'codelocal');
  } finally {
    gates.close();
  }
}

/** The transitions someone changed for a pipeline (the others are enabled). */
export function listStageTransitions(o: StateOptions & { pipeline: string }): TransitionState[] {
  const ctx = pipelineContext(o);
  if (!existsSync(ctx.state.executionsDb)) return [];
  const gates = StageGateStore.open(ctx.state.executionsDb);
  try {
    return gates.listTransitions(o.pipeline);
  } finally {
    gates.close();
  }
}

/**
 * `DisableInboundStageTransitions` of a CloudFormation pipeline: the state a stage's transition
 * starts in (§5.7). Applied only to transitions nobody has set yet, so an `enable` sticks.
 */
export function applyTemplateTransitions(
  executionsDb: string,
  pipeline: string,
  disabled: readonly { stageName: string; reason: string }[] | undefined,
): void {
  if (!disabled || disabled.length === 0) return;
  const gates = StageGateStore.open(executionsDb);
  try {
    for (const t of disabled) gates.initTransition(pipeline, t.stageName, t.reason);
  } finally {
    gates.close();
  }
}
