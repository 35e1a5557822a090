/**
 * What the web view (`codelocal ui`, src/ui/) reads beyond the `executions` commands: one page of the
 * whole history with SQL paging, a build record with its log file (also while it runs, before a Build
 * object exists), where an execution's files live (to watch them), where a recorded output artifact's
 * bytes are, and the pipelines that can be started again from what their last run recorded.
 */
import { existsSync } from 'node:fs';
import { LocalS3Store, type RunPage, type RunPageFilter } from '../stores/index.js';
import type { PipelineDeclaration } from '../model/index.js';
import {
  executionView,
  type ExecutionResultJson,
  type PipelineExecutionView,
  type RunSettings,
} from '../engine/pipeline/index.js';
import {
  openExistingHistory,
  openHistory,
  pipelineContext,
  resolveExecutionId,
  type StateOptions,
} from './pipeline-context.js';

/** One page of pipeline executions and standalone builds, newest first (empty without a history). */
export function listRunsPage(o: StateOptions & RunPageFilter = {}): RunPage {
  const ws = pipelineContext(o);
  if (!existsSync(ws.state.executionsDb)) return { rows: [], total: 0, names: [] };
  const store = openHistory(ws);
  try {
    return store.pageRuns(o);
  } finally {
    store.close();
  }
}

export interface BuildRecordView {
  id: string;
  projectName: string;
  buildNumber?: number;
  buildStatus: string;
  startTime: string;
  endTime?: string;
  logPath?: string;
  pipelineExecutionId?: string;
  /** The Build object once the build ended (batch-get-builds shape). */
  build?: unknown;
}

/** A recorded build by exact id, or undefined. */
export function getBuildRecord(o: StateOptions & { id: string }): BuildRecordView | undefined {
  const ws = pipelineContext(o);
  if (!existsSync(ws.state.executionsDb)) return undefined;
  const store = openHistory(ws);
  try {
    const b = store.getBuild(o.id);
    if (!b) return undefined;
    return {
      id: b.id,
      projectName: b.project,
      ...(b.buildNumber !== undefined ? { buildNumber: b.buildNumber } : {}),
      buildStatus: b.status,
      startTime: new Date(b.startTime).toISOString(),
      ...(b.endTime !== undefined ? { endTime: new Date(b.endTime).toISOString() } : {}),
      logPath: b.logPath ?? ws.state.buildLogPath(b.id),
      ...(b.pipelineExecutionId ? { pipelineExecutionId: b.pipelineExecutionId } : {}),
      ...(b.result !== undefined ? { build: b.result } : {}),
    };
  } finally {
    store.close();
  }
}

export interface StateLocations {
  root: string;
  executionsDb: string;
  pipelineExecutionsRoot: string;
  buildsRoot: string;
}

/** Where the state folder keeps what a watcher follows (nothing is created). */
export function stateLocations(o: StateOptions = {}): StateLocations {
  const { state } = pipelineContext(o);
  return {
    root: state.root,
    executionsDb: state.executionsDb,
    pipelineExecutionsRoot: state.pipelineExecutionsRoot,
    buildsRoot: state.buildsRoot,
  };
}

/** The file holding a local S3 object (throws InputError for a bucket or key S3 would refuse). */
export function artifactObjectPath(o: StateOptions & { bucket: string; key: string }): string {
  return new LocalS3Store(pipelineContext(o).state.s3Root).objectPath(o.bucket, o.key);
}

export interface KnownPipeline {
  pipelineName: string;
  /** The execution whose recorded settings a new run reuses. */
  fromExecutionId: string;
  settings: RunSettings;
}

/** Every pipeline with a recorded run, with the settings of its newest run (file, projects, overrides). */
export function knownPipelines(o: StateOptions = {}): KnownPipeline[] {
  const ws = pipelineContext(o);
  if (!existsSync(ws.state.executionsDb)) return [];
  const store = openHistory(ws);
  try {
    const seen = new Map<string, KnownPipeline>();
    for (const e of store.listPipelineExecutions({ limit: 1000 })) {
      const settings = (e.result as Partial<ExecutionResultJson> | undefined)?.run;
      if (!seen.has(e.pipeline) && settings?.file) {
        seen.set(e.pipeline, { pipelineName: e.pipeline, fromExecutionId: e.id, settings });
      }
    }
    return [...seen.values()];
  } finally {
    store.close();
  }
}

/** A stage as the page lays it out: its actions with their runOrder and type, before or after they ran. */
export interface StageLayout {
  name: string;
  actions: { name: string; runOrder: number; category: string; provider: string }[];
}

/** The execution view plus the stages of the definition it ran (so stages not reached yet show too). */
export function getExecutionLayout(o: StateOptions & { executionId: string }): {
  execution: PipelineExecutionView;
  stages: StageLayout[];
} {
  const store = openExistingHistory(pipelineContext(o), o.executionId);
  try {
    const id = resolveExecutionId(store, o.executionId);
    const definition = store.getPipelineExecution(id)?.definition as PipelineDeclaration | undefined;
    const stages = (definition?.stages ?? []).map((s) => ({
      name: s.name,
      actions: s.actions.map((a) => ({
        name: a.name,
        runOrder: a.runOrder ?? 1,
        category: a.actionTypeId.category,
        provider: a.actionTypeId.provider,
      })),
    }));
    return { execution: executionView(store, id)!, stages };
  } finally {
    store.close();
  }
}
