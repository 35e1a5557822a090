/**
 * GetPipelineState for a pipeline in the state folder (docs/aws/codepipeline.md §5.7, §12): per
 * stage, the latest execution that reached it, the executions waiting in front of it (inbound
 * executions) and its inbound transition, so `codelocal pipeline state` shows why an execution
 * waits while another terminal runs it.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { PipelineDeclaration } from '../model/index.js';
import { StageGateStore } from '../stores/index.js';
import type { ExecutionResultJson } from '../engine/pipeline/index.js';
import { openHistory, pipelineContext, type StateOptions } from './pipeline-context.js';

export interface StageStateView {
  stageName: string;
  inboundExecutions?: { pipelineExecutionId: string; status: string }[];
  inboundTransitionState: { enabled: boolean; lastChangedBy?: string; lastChangedAt?: string; disabledReason?: string };
  latestExecution?: { pipelineExecutionId: string; status: string };
  /** Local: the execution holding the stage's lock (SUPERSEDED, QUEUED). */
  codelocal: { lockedBy?: string };
}

export interface PipelineStateView {
  pipelineName: string;
  pipelineVersion: number;
  stageStates: StageStateView[];
}

function noPipeline(name: string): InputError {
  return new InputError(
    'PIPELINE_NOT_FOUND',
    `PipelineNotFoundException: no execution of pipeline ${name} is recorded`,
    {
      details: ['codelocal executions list shows the recorded executions'],
    },
  );
}

export function pipelineState(o: StateOptions & { pipeline: string }): PipelineStateView {
  const ctx = pipelineContext(o);
  if (!existsSync(ctx.state.executionsDb)) throw noPipeline(o.pipeline);
  const store = openHistory(ctx);
  const gates = StageGateStore.open(ctx.state.executionsDb);
  try {
    const executions = store.listPipelineExecutions({ pipeline: o.pipeline, limit: 200 });
    const definition = executions[0]?.definition as PipelineDeclaration | undefined;
    if (!definition) throw noPipeline(o.pipeline);
    const stageStates = definition.stages.map((s): StageStateView => {
      const latest = executions.find((e) =>
        ((e.result ?? {}) as Partial<ExecutionResultJson>).stages?.some((x) => x.name === s.name),
      );
      const stageStatus = ((latest?.result ?? {}) as Partial<ExecutionResultJson>).stages?.find(
        (x) => x.name === s.name,
      );
      const inbound = gates.waiting(o.pipeline, s.name).map((id) => ({
        pipelineExecutionId: id,
        status: store.getPipelineExecution(id)?.status ?? 'InProgress',
      }));
      const t = gates.transition(o.pipeline, s.name);
      const holder = gates.holder(o.pipeline, s.name);
      return {
        stageName: s.name,
        ...(inbound.length > 0 ? { inboundExecutions: inbound } : {}),
        inboundTransitionState: {
          enabled: t.enabled,
          ...(t.lastChangedBy ? { lastChangedBy: t.lastChangedBy } : {}),
          ...(t.lastChangedAt ? { lastChangedAt: new Date(t.lastChangedAt).toISOString() } : {}),
          ...(t.disabledReason ? { disabledReason: t.disabledReason } : {}),
        },
        ...(latest && stageStatus
          ? { latestExecution: { pipelineExecutionId: latest.id, status: stageStatus.status } }
          : {}),
        codelocal: holder ? { lockedBy: holder } : {},
      };
    });
    return { pipelineName: o.pipeline, pipelineVersion: definition.version ?? 1, stageStates };
  } finally {
    gates.close();
    store.close();
  }
}
