/**
 * Execution history across runs (`codelocal executions ...`): list, show one in the
 * GetPipelineExecution + ListActionExecutions shape, and print action logs. A run whose process
 * vanished (killed, crashed) is closed as Failed with its open actions Abandoned when history is
 * read, and says so (`codelocal.orphaned`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { executionView, ORPHAN_SUMMARY, type PipelineExecutionView } from '../engine/pipeline/index.js';
import {
  openExistingHistory,
  openHistory,
  pipelineContext,
  resolveExecutionId,
  splitActionRef,
  type StateOptions,
} from './pipeline-context.js';

export interface ExecutionSummary {
  pipelineName: string;
  pipelineExecutionId: string;
  status: string;
  statusSummary?: string;
  startTime: string;
  lastUpdateTime: string;
  trigger?: unknown;
  /** Local: closed by history because its process vanished. */
  orphaned?: boolean;
}

export interface ListExecutionsOptions extends StateOptions {
  pipeline?: string;
  limit?: number;
}

/** ListPipelineExecutions-like summaries, newest first. */
export function listExecutions(o: ListExecutionsOptions = {}): ExecutionSummary[] {
  const ws = pipelineContext(o);
  // Reading must not write: without a history there is nothing to list (and no folder to create).
  if (!existsSync(ws.state.executionsDb)) return [];
  const store = openHistory(ws);
  try {
    return store.listPipelineExecutions({ pipeline: o.pipeline, limit: o.limit ?? 50 }).map((e) => ({
      pipelineName: e.pipeline,
      pipelineExecutionId: e.id,
      status: e.status,
      ...(e.statusSummary ? { statusSummary: e.statusSummary } : {}),
      startTime: new Date(e.startTime).toISOString(),
      lastUpdateTime: new Date(e.endTime ?? e.startTime).toISOString(),
      trigger: e.trigger,
      ...(e.statusSummary === ORPHAN_SUMMARY ? { orphaned: true } : {}),
    }));
  } finally {
    store.close();
  }
}

export function getExecution(o: StateOptions & { executionId: string }): PipelineExecutionView {
  const store = openExistingHistory(pipelineContext(o), o.executionId);
  try {
    return executionView(store, resolveExecutionId(store, o.executionId))!;
  } finally {
    store.close();
  }
}

export interface ActionLog {
  stage: string;
  action: string;
  attempt: number;
  path: string;
  text: string;
}

/** The saved logs of an execution's actions (all, or one `Stage.Action`), in the order they started. */
export function executionLogs(o: StateOptions & { executionId: string; action?: string }): ActionLog[] {
  const store = openExistingHistory(pipelineContext(o), o.executionId);
  try {
    const id = resolveExecutionId(store, o.executionId);
    const actions = store.listActionExecutions(id);
    const want = o.action ? splitActionRef(o.action, actions) : undefined;
    const chosen = want ? actions.filter((a) => a.stage === want.stage && a.action === want.action) : actions;
    if (want && chosen.length === 0) {
      throw new InputError('ACTION_NOT_FOUND', `ActionNotFoundException: execution ${id} has no action ${o.action}`, {
        details: [`actions: ${[...new Set(actions.map((a) => `${a.stage}.${a.action}`))].join(', ') || '(none ran)'}`],
      });
    }
    return chosen.map((a) => ({
      stage: a.stage,
      action: a.action,
      attempt: a.attempt,
      path: a.logPath ?? '',
      text: a.logPath && existsSync(a.logPath) ? readFileSync(a.logPath, 'utf8') : '',
    }));
  } finally {
    store.close();
  }
}
