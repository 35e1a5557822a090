/**
 * Execution history across runs (`codelocal executions ...`): list, show one in the
 * GetPipelineExecution + ListActionExecutions shape, and print action logs. A run whose process
 * vanished (killed, crashed) is closed as Failed with its open actions Abandoned when history is
 * read, and says so (`codelocal.orphaned`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import {
  executionView,
  type ExecutionResultJson,
  ORPHAN_SUMMARY,
  type PipelineExecutionView,
} from '../engine/pipeline/index.js';
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
  /** PipelineExecutionSummary's mode, type and rollback target (docs/aws/codepipeline.md §12). */
  executionMode?: string;
  executionType?: string;
  rollbackMetadata?: { rollbackTargetPipelineExecutionId: string };
  /** Local: closed by history because its process vanished. */
  orphaned?: boolean;
}

export interface ListExecutionsOptions extends StateOptions {
  pipeline?: string;
  limit?: number;
}

/** executionMode / executionType / rollbackMetadata as ListPipelineExecutions prints them. */
function summaryKind(result: unknown, definition: unknown) {
  const r = (result ?? {}) as Partial<ExecutionResultJson>;
  const mode = r.executionMode ?? (definition as { executionMode?: string } | undefined)?.executionMode;
  return {
    executionMode: mode ?? 'SUPERSEDED',
    executionType: r.executionType ?? 'STANDARD',
    ...(r.rollbackMetadata ? { rollbackMetadata: r.rollbackMetadata } : {}),
  };
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
      ...summaryKind(e.result, e.definition),
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

/** One recorded build, as `executions list --builds` shows it (the JSON prints ids, as list-builds). */
export interface BuildSummary {
  id: string;
  projectName: string;
  buildNumber?: number;
  buildStatus: string;
  startTime: string;
  endTime?: string;
  /** Set when a pipeline action ran it. */
  pipelineExecutionId?: string;
}

/** Recorded builds (plain, batch members and pipeline actions), newest first. */
export function listBuilds(o: StateOptions & { project?: string; limit?: number } = {}): BuildSummary[] {
  const ws = pipelineContext(o);
  if (!existsSync(ws.state.executionsDb)) return [];
  const store = openHistory(ws);
  try {
    return store.listBuilds({ project: o.project, limit: o.limit ?? 50 }).map((b) => ({
      id: b.id,
      projectName: b.project,
      ...(b.buildNumber !== undefined ? { buildNumber: b.buildNumber } : {}),
      buildStatus: b.status,
      startTime: new Date(b.startTime).toISOString(),
      ...(b.endTime !== undefined ? { endTime: new Date(b.endTime).toISOString() } : {}),
      ...(b.pipelineExecutionId ? { pipelineExecutionId: b.pipelineExecutionId } : {}),
    }));
  } finally {
    store.close();
  }
}

/** The build ids an id or unique prefix names (none: not recorded; several: ambiguous). */
function matchBuild(store: ReturnType<typeof openHistory>, idOrPrefix: string): string[] {
  if (store.getBuild(idOrPrefix)) return [idOrPrefix];
  return store.matchIds('builds', idOrPrefix);
}

/**
 * Recorded builds by id (or unique prefix), as `aws codebuild batch-get-builds` answers: the Build
 * objects found and the ids not found. A build still running has only what history knows yet.
 */
export function getBuilds(o: StateOptions & { ids: string[] }): { builds: unknown[]; buildsNotFound: string[] } {
  const ws = pipelineContext(o);
  const out = { builds: [] as unknown[], buildsNotFound: [] as string[] };
  if (!existsSync(ws.state.executionsDb)) return { ...out, buildsNotFound: [...o.ids] };
  const store = openHistory(ws);
  try {
    for (const id of o.ids) {
      const matches = matchBuild(store, id);
      if (matches.length > 1) {
        throw new InputError('EXECUTION_AMBIGUOUS', `build id ${id} is ambiguous`, {
          details: matches.map((m) => `could be ${m}`),
        });
      }
      const rec = matches[0] ? store.getBuild(matches[0]) : undefined;
      if (!rec) out.buildsNotFound.push(id);
      else
        out.builds.push(
          rec.result ?? {
            id: rec.id,
            projectName: rec.project,
            buildStatus: rec.status,
            startTime: new Date(rec.startTime).toISOString(),
          },
        );
    }
    return out;
  } finally {
    store.close();
  }
}

/** Whether an id (or unique prefix) names a recorded pipeline execution (else `show` looks for a build). */
export function isPipelineExecution(o: StateOptions & { executionId: string }): boolean {
  const ws = pipelineContext(o);
  if (!existsSync(ws.state.executionsDb)) return false;
  const store = openHistory(ws);
  try {
    return (
      Boolean(store.getPipelineExecution(o.executionId)) ||
      store.matchIds('pipeline_executions', o.executionId).length > 0
    );
  } finally {
    store.close();
  }
}
