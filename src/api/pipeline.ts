/**
 * Public API for running pipelines locally: `runPipeline` (StartPipelineExecution),
 * `retryPipeline` (RetryStageExecution), `approvePipelineAction` (PutApprovalResult) and
 * `stopPipelineExecution` (StopPipelineExecution). Runs resolve with the execution whatever its
 * status; they throw only for bad input (before any execution exists) or a broken environment.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { InputError } from '../errors.js';
import { type CodeBuildProject, type PipelineDeclaration } from '../model/index.js';
import { planPipeline, type PartialRunOptions, type PipelinePlan, type SourceOverride } from '../plan/index.js';
import { defaultArtifactBucket, type ExecutionStore } from '../stores/index.js';
import {
  type ApprovalRequest,
  baseTable,
  decideApproval,
  defaultRegistry,
  duplicatedStopRequest,
  type EventSink,
  executeWithRollback,
  type ExecutionResultJson,
  type ExecutionRun,
  executionView,
  loadProviders,
  type PipelineExecutionView,
  pipelineVariableValues,
  type ProviderRegistry,
  restoreRun,
  type RetryMode,
  retryPoint,
  type RunSettings,
  StopController,
  writeStopRequest,
} from '../engine/pipeline/index.js';
import {
  openExistingHistory,
  openHistory,
  pipelineContext,
  resolveExecutionId,
  type PipelineContext,
  type StateOptions,
} from './pipeline-context.js';
import { createServices, lendsNetworks, retryProjects, type ServiceOptions } from './pipeline-services.js';
import { planRun } from './pipeline-plan.js';
import { checkDeployPorts } from './pipeline-ports.js';
import { applyTemplateTransitions } from './pipeline-transition.js';
import { createDockerRuntime } from '../runtime/index.js';
import { runEvents } from './events-pipeline.js';

export const DEFAULT_MAX_PARALLEL = 4;

export interface EngineOptions extends StateOptions, ServiceOptions {
  /** `--max-parallel`: actions running at once (default 4). */
  maxParallel?: number;
  /** Providers (tests substitute fakes); default the built-in ones. */
  registry?: ProviderRegistry;
  /** Lets the caller stop the run (Ctrl-C); one is created otherwise. */
  stop?: StopController;
  onEvent?: EventSink;
  /** Called when the execution exists (or is resumed), before anything runs. */
  onStart?: (executionId: string, pipeline: PipelineDeclaration) => void;
  /** How often to look for `codelocal pipeline stop` requests, ms (default 500; 0 = never). */
  stopPollMs?: number;
  /** How often an execution waiting in front of a stage (execution modes, transitions) looks again, ms. */
  gatePollMs?: number;
  /** Whether a deploy's host port is free (tests); default: try to listen on 127.0.0.1. */
  isHostPortFree?: (port: number) => Promise<boolean>;
}

/** `skip`/`until`/`artifactDirs`: run the part of the pipeline that can run locally (issue 11). */
export interface RunPipelineOptions extends EngineOptions, PartialRunOptions {
  /** get-pipeline JSON or a CloudFormation template (`file#LogicalId`). */
  file: string;
  /** Pipeline-level variables (StartPipelineExecution `variables`). */
  variables?: Record<string, string>;
  /** `--projects`: batch-get-projects JSON or templates defining CodeBuild projects. */
  projectFiles?: string[];
  /** CloudFormation parameter values (templates). */
  parameterOverrides?: Record<string, string>;
  region?: string;
  /** How the execution started (ExecutionTrigger); default StartPipelineExecution by this user. */
  trigger?: { triggerType: string; triggerDetail: string };
}

export interface PipelineRunResult {
  execution: PipelineExecutionView;
  /** Folder with the action logs. */
  logsDir: string;
}

const TRIGGER_DETAIL = (() => {
  try {
    return `codelocal (${userInfo().username})`;
  } catch {
    return 'codelocal';
  }
})();

function checkSourceOverrides(pipeline: PipelineDeclaration, overrides: Record<string, SourceOverride>): void {
  const sources = pipeline.stages.flatMap((s) => s.actions).filter((a) => a.actionTypeId.category === 'Source');
  for (const name of Object.keys(overrides)) {
    if (!sources.some((a) => a.name === name)) {
      throw new InputError(
        'SOURCE_OVERRIDE_UNKNOWN',
        `--source ${name}=...: pipeline ${pipeline.name} has no source action named ${name}`,
        {
          details: [`source actions: ${sources.map((a) => a.name).join(', ') || '(none)'}`],
        },
      );
    }
  }
}

async function artifactBucketOf(ctx: PipelineContext, pipeline: PipelineDeclaration, region: string): Promise<string> {
  // The seed's pipeline.json has no artifactStore: use the bucket name the console would create.
  // A location from Fn::ImportValue / Fn::Transform is unknown here: the default bucket stands in (issue 11).
  const known = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return (
    known(pipeline.artifactStore?.location) ??
    known(pipeline.artifactStores?.[region]?.location) ??
    (await defaultArtifactBucket(ctx.state.root, region))
  );
}

export interface Prepared {
  run: ExecutionRun;
  result: ExecutionResultJson;
  close(): Promise<void>;
}

export function prepareRun(
  ctx: PipelineContext,
  store: ExecutionStore,
  o: EngineOptions,
  a: {
    plan: PipelinePlan;
    executionId: string;
    region: string;
    bucket: string;
    projects: Map<string, CodeBuildProject>;
    result: ExecutionResultJson;
    pipelineVariables: Record<string, string>;
  },
): Prepared {
  const opened = createServices(ctx, store, a.projects, a.region, {
    ...o,
    sourceOverrides: a.result.run.sourceOverrides,
    ...(a.plan.policies ? { policies: a.plan.policies } : {}),
    lendNetworks: lendsNetworks(a.plan),
  });
  // The events log and codelocal.yml targets see every state change (docs/events.md).
  const events = runEvents(ctx, opened.services, { ...a, version: a.result.pipelineVersion, store }, o.onEvent);
  const run: ExecutionRun = {
    plan: a.plan,
    pipelineVersion: a.result.pipelineVersion,
    executionId: a.executionId,
    region: a.region,
    artifactBucket: a.bucket,
    registry: o.registry ?? defaultRegistry(),
    services: opened.services,
    store,
    table: baseTable(a.executionId, a.pipelineVariables),
    artifacts: new Map(),
    revisions: [...a.result.artifactRevisions],
    executionDir: ctx.state.pipelineExecutionDir(a.executionId),
    stop: o.stop ?? new StopController(),
    emit: events.emit,
    attempts: new Map(),
  };
  return { run, result: a.result, close: () => opened.close().then(events.flush) };
}

/** What a retry needs to run the same part of the pipeline (absolute `--artifact` folders, from the plan). */
function partialRunSettings(plan: PipelinePlan): PartialRunOptions {
  const actions = plan.stages.flatMap((s) => s.groups.flatMap((g) => g.actions.map((a) => ({ stage: s.name, a }))));
  const skipped = actions.filter(({ a }) => a.skipped);
  const artifactDirs = Object.assign({}, ...skipped.map(({ a }) => a.skipped!.artifactDirs)) as Record<string, string>;
  return {
    ...(skipped.length > 0 ? { skip: skipped.map(({ stage, a }) => `${stage}.${a.name}`) } : {}),
    ...(plan.until !== undefined ? { until: plan.until } : {}),
    ...(Object.keys(artifactDirs).length > 0 ? { artifactDirs } : {}),
  };
}

/** How often a run looks for stop requests from other terminals and at the gate in front of a stage. */
const pollIntervals = (o: EngineOptions) => ({ stopPollMs: o.stopPollMs ?? 500, gatePollMs: o.gatePollMs });

/** Starts an execution and runs it to its end (Succeeded, Failed or Stopped). */
export async function runPipeline(o: RunPipelineOptions): Promise<PipelineRunResult> {
  const ctx = pipelineContext(o);
  const sourceOverrides = o.sourceOverrides ?? {};
  const { loaded, plan, region, projects } = planRun(ctx, { ...o, sourceOverrides });
  const pipeline = loaded.pipeline;
  const registry = o.registry ?? defaultRegistry();
  await loadProviders(registry, plan);
  // Refused here, before an execution exists (§1.8, §8.9).
  const pipelineVariables = pipelineVariableValues(pipeline, o.variables ?? {});
  checkSourceOverrides(pipeline, sourceOverrides);
  const maxParallel = o.maxParallel ?? DEFAULT_MAX_PARALLEL;
  if (!Number.isInteger(maxParallel) || maxParallel < 1) {
    throw new InputError('FLAG_INVALID', `--max-parallel must be a whole number of at least 1, got ${maxParallel}`);
  }

  // A deploy port in use is refused now, not after every build and push (exit 3, nothing left behind).
  await checkDeployPorts(
    pipeline,
    ctx.config,
    { stateRoot: ctx.state.root, region },
    {
      isFree: o.isHostPortFree,
      runtime: () => (o.runtime ? Promise.resolve(o.runtime) : createDockerRuntime({ stateDir: ctx.state.root })),
    },
  );

  const store = openHistory(ctx);
  try {
    applyTemplateTransitions(
      ctx.state.executionsDb,
      pipeline.name,
      loaded.templateOnly?.disableInboundStageTransitions,
    );
    const bucket = await artifactBucketOf(ctx, pipeline, region);
    const executionId = randomUUID();
    const settings: RunSettings = {
      file: loaded.file + (loaded.logicalId && loaded.format === 'cloudformation' ? `#${loaded.logicalId}` : ''),
      cwd: ctx.cwd,
      projectFiles: o.projectFiles ?? [],
      sourceOverrides,
      maxParallel,
      region,
      parameterOverrides: o.parameterOverrides ?? {},
      ...partialRunSettings(plan),
    };
    const result: ExecutionResultJson = {
      pipelineVersion: pipeline.version ?? 1,
      executionMode: pipeline.executionMode ?? 'SUPERSEDED',
      artifactRevisions: [],
      stages: [],
      run: settings,
      artifactBucket: bucket,
    };
    store.insertPipelineExecution({
      id: executionId,
      pipeline: pipeline.name,
      status: 'InProgress',
      trigger: o.trigger ?? { triggerType: 'StartPipelineExecution', triggerDetail: TRIGGER_DETAIL },
      variables: Object.entries(pipelineVariables).map(([name, resolvedValue]) => ({ name, resolvedValue })),
      definition: pipeline,
      result,
    });
    o.onStart?.(executionId, pipeline);
    const p = prepareRun(
      ctx,
      store,
      { ...o, registry },
      { plan, executionId, region, bucket, projects, result, pipelineVariables },
    );
    try {
      await executeWithRollback({ run: p.run, result, fromStage: 0, maxParallel, ...pollIntervals(o) });
    } finally {
      await p.close();
    }
    return { execution: executionView(store, executionId)!, logsDir: p.run.executionDir };
  } finally {
    store.close();
  }
}

export type { RetryMode };

export interface RetryPipelineOptions extends EngineOptions {
  executionId: string;
  retryMode?: RetryMode;
}

/**
 * RetryStageExecution (§5.5): re-runs the failed (FAILED_ACTIONS) or all (ALL_ACTIONS) actions of
 * the stage where the execution failed or stopped, in the same execution id, with the artifacts
 * and variables the first attempt recorded, then continues with the later stages. The rules are
 * the engine's (engine/pipeline/retry.ts); this wires the history, projects and services.
 */
export async function retryPipeline(o: RetryPipelineOptions): Promise<PipelineRunResult> {
  const ctx = pipelineContext(o);
  const store = openExistingHistory(ctx, o.executionId);
  try {
    const id = resolveExecutionId(store, o.executionId);
    const point = retryPoint(store, id, o.retryMode ?? 'FAILED_ACTIONS');
    const { result, pipeline } = point;
    const settings = result.run;
    const projects = retryProjects(ctx, settings);
    const plan = planPipeline(
      { pipeline, file: settings.file, positions: new Map(), projects: new Map() },
      {
        variables: point.variables,
        projects,
        sourceOverrides: settings.sourceOverrides,
        skip: settings.skip,
        until: settings.until,
        artifactDirs: settings.artifactDirs,
      },
    );
    const registry = o.registry ?? defaultRegistry();
    await loadProviders(registry, plan);
    const ctxForRun: PipelineContext = { ...ctx, cwd: settings.cwd };
    const p = prepareRun(
      ctxForRun,
      store,
      { ...o, registry },
      {
        plan,
        executionId: id,
        region: settings.region,
        bucket: result.artifactBucket,
        projects,
        result,
        pipelineVariables: point.variables,
      },
    );
    restoreRun(store, p.run);
    store.claimPipelineExecution(id);
    o.onStart?.(id, pipeline);
    try {
      await executeWithRollback({
        run: p.run,
        result,
        fromStage: point.stageIndex,
        firstStageFilter: point.shouldRun,
        maxParallel: o.maxParallel ?? settings.maxParallel,
        ...pollIntervals(o),
      });
    } finally {
      await p.close();
    }
    return { execution: executionView(store, id)!, logsDir: p.run.executionDir };
  } finally {
    store.close();
  }
}

export interface ApproveOptions extends StateOptions, Omit<ApprovalRequest, 'executionId'> {
  executionId: string;
}

/** PutApprovalResult: decides a waiting Manual approval (any terminal; the running process polls). */
export function approvePipelineAction(o: ApproveOptions) {
  const ctx = pipelineContext(o);
  const store = openExistingHistory(ctx, o.executionId);
  try {
    return decideApproval(store, { ...o, executionId: resolveExecutionId(store, o.executionId) });
  } finally {
    store.close();
  }
}

export interface StopOptions extends StateOptions {
  executionId: string;
  abandon?: boolean;
  reason?: string;
}

/** StopPipelineExecution from another process: recorded for the running process to act on. */
export function stopPipelineExecution(o: StopOptions): { executionId: string; mode: 'wait' | 'abandon' } {
  const ctx = pipelineContext(o);
  const store = openExistingHistory(ctx, o.executionId);
  try {
    const id = resolveExecutionId(store, o.executionId);
    const rec = store.getPipelineExecution(id)!;
    if (rec.status !== 'InProgress' && rec.status !== 'Stopping') {
      throw new InputError(
        'PIPELINE_EXECUTION_NOT_STOPPABLE',
        `PipelineExecutionNotStoppableException: execution ${id} is ${rec.status}; only a running execution can be stopped`,
      );
    }
    if (rec.status === 'Stopping' && !o.abandon) throw duplicatedStopRequest(id);
    writeStopRequest(ctx.state.pipelineExecutionDir(id), {
      abandon: Boolean(o.abandon),
      reason: o.reason,
      time: Date.now(),
    });
    store.updatePipelineExecution(id, { status: 'Stopping', ...(o.reason ? { statusSummary: o.reason } : {}) });
    return { executionId: id, mode: o.abandon ? 'abandon' : 'wait' };
  } finally {
    store.close();
  }
}
