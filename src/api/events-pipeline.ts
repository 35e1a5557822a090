/**
 * The engine's pipeline events (engine/pipeline/events.ts) as CodePipeline's EventBridge events
 * (docs/aws/eventbridge.md §5.1): every execution, stage and action state change is recorded, with the trigger,
 * the action's type and region, its input and output artifacts and its execution result read from the history.
 */
import type { ActionServices, EventSink, PipelineEvent } from '../engine/pipeline/index.js';
import {
  actionExecutionEvent,
  pipelineExecutionEvent,
  stageExecutionEvent,
  type ActionChange,
  type ArtifactLocation,
  type ExecutionRef,
  type ExecutionTrigger,
} from '../model/index.js';
import type { PipelinePlan } from '../plan/index.js';
import type { ExecutionStore } from '../stores/index.js';
import type { Workspace } from '../workspace/index.js';
import { openEventsRecorder, type EventsRecorder } from './events-recorder.js';

export interface PipelineRunInfo {
  plan: PipelinePlan;
  executionId: string;
  version: number;
  region: string;
  store: ExecutionStore;
}

type ActionEvent = Extract<PipelineEvent, { type: 'action' }>;

function artifactsOf(list: unknown): ArtifactLocation[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((a: { name?: string; s3location?: { bucket?: string; key?: string } }) => ({
    name: String(a.name ?? ''),
    bucket: String(a.s3location?.bucket ?? ''),
    key: String(a.s3location?.key ?? ''),
  }));
}

function actionChange(info: PipelineRunInfo, e: ActionEvent): ActionChange {
  const declared = info.plan.definition.stages
    .find((s) => s.name === e.stage)
    ?.actions.find((a) => a.name === e.action);
  const t = declared?.actionTypeId;
  const rec = info.store.getActionExecution(e.actionExecutionId);
  const input = (rec?.input ?? {}) as { inputArtifacts?: unknown; region?: string };
  const output = (rec?.output ?? {}) as {
    outputArtifacts?: unknown;
    executionResult?: {
      externalExecutionId?: string;
      externalExecutionSummary?: string;
      externalExecutionUrl?: string;
      errorDetails?: { code?: string };
    };
  };
  const r = output.executionResult;
  return {
    stage: e.stage,
    action: e.action,
    status: e.status,
    region: input.region ?? declared?.region ?? info.region,
    type: {
      owner: String(t?.owner ?? ''),
      provider: String(t?.provider ?? ''),
      category: String(t?.category ?? ''),
      version: String(t?.version ?? ''),
    },
    inputArtifacts: artifactsOf(input.inputArtifacts),
    outputArtifacts: artifactsOf(output.outputArtifacts),
    result: {
      ...(r?.externalExecutionId ? { externalExecutionId: r.externalExecutionId } : {}),
      ...((r?.externalExecutionSummary ?? e.summary) ? { summary: r?.externalExecutionSummary ?? e.summary } : {}),
      ...(r?.externalExecutionUrl ? { url: r.externalExecutionUrl } : {}),
      ...(r?.errorDetails?.code ? { errorCode: r.errorDetails.code } : {}),
    },
  };
}

/** The execution's trigger as recorded in the history (StartPipelineExecution, CloudWatchEvent, ...). */
function triggerOf(info: PipelineRunInfo): ExecutionTrigger | undefined {
  const t = info.store.getPipelineExecution(info.executionId)?.trigger as ExecutionTrigger | undefined;
  return t && typeof t.triggerType === 'string' ? t : undefined;
}

/**
 * A sink that records each state change, then passes the event on to `next` (the CLI's view). A retried
 * execution (actions already recorded when it starts again) is RESUMED rather than STARTED (§5.1).
 */
export function pipelineEventsSink(rec: EventsRecorder, info: PipelineRunInfo, next?: EventSink): EventSink {
  const ctx = { ...rec.context, region: info.region };
  const ref: ExecutionRef = { pipeline: info.plan.pipelineName, executionId: info.executionId, version: info.version };
  return (e) => {
    try {
      if (e.type === 'execution') {
        const resumed = e.status === 'InProgress' && info.store.listActionExecutions(info.executionId).length > 0;
        const trigger = e.status === 'InProgress' && !resumed ? triggerOf(info) : undefined;
        rec.record(pipelineExecutionEvent(ctx, ref, resumed ? 'Resumed' : e.status, trigger));
      } else if (e.type === 'stage') rec.record(stageExecutionEvent(ctx, ref, e.stage, e.status));
      else if (e.type === 'action') rec.record(actionExecutionEvent(ctx, ref, actionChange(info, e)));
    } catch (err) {
      next?.({ type: 'notice', message: `events: ${(err as Error).message}` });
    }
    next?.(e);
  };
}

/**
 * Wires one execution's events: the recorder, the build hooks of its builds (services.buildHooks, changed in
 * place) and the sink the engine emits to. `flush` waits for the targets; call it when the run ends.
 */
export function runEvents(
  ws: Workspace,
  services: ActionServices,
  info: PipelineRunInfo,
  next?: EventSink,
): { emit: EventSink; flush: () => Promise<void> } {
  const rec = openEventsRecorder(ws, {
    region: info.region,
    onNotice: (message) => next?.({ type: 'notice', message }),
  });
  services.buildHooks = rec.withBuildHooks(services.buildHooks ?? {});
  return { emit: pipelineEventsSink(rec, info, next), flush: () => rec.flush() };
}
