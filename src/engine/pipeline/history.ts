/**
 * How executions are kept in the ExecutionStore, in the shapes AWS prints them:
 * `GetPipelineExecution.pipelineExecution` for the execution and `ListActionExecutions` entries
 * for actions, so `--json` output and `executions show` read like the real API. What only
 * codelocal needs (artifact formats, run settings for retry, stage states) sits under `codelocal`.
 */
import type { ActionTypeId, PipelineDeclaration } from '../../model/index.js';
import type { ActionExecutionRecord, ExecutionStore, PipelineExecutionRecord } from '../../stores/index.js';
import type { SourceOverride } from '../../plan/index.js';
import type { ActionRevision, ArtifactRecord, BuildFailureSummary } from './types.js';
import type { StageStatus } from './events.js';

export interface S3ArtifactDetail {
  name: string;
  s3location: { bucket: string; key: string };
}

export interface ActionInputJson {
  actionTypeId: ActionTypeId;
  configuration: Record<string, string>;
  resolvedConfiguration: Record<string, string>;
  roleArn: string;
  region: string;
  inputArtifacts: S3ArtifactDetail[];
  namespace?: string;
}

export interface ActionOutputJson {
  outputArtifacts: S3ArtifactDetail[];
  executionResult: {
    externalExecutionId?: string;
    externalExecutionSummary?: string;
    externalExecutionUrl?: string;
    /** A failure's code (codelocal's own, e.g. ACTION_NOT_EMULATED) and message. */
    errorDetails?: { code: string; message: string };
  };
  outputVariables: Record<string, string>;
  /** Local: what each output holds, so a retry and later consumers know without reading the zip. */
  codelocal?: { artifacts: ArtifactRecord[]; revision?: ActionRevision; failure?: BuildFailureSummary };
}

/** What a retry needs to run the rest of an execution like the first attempt did. */
export interface RunSettings {
  file: string;
  cwd: string;
  projectFiles: string[];
  sourceOverrides: Record<string, SourceOverride>;
  maxParallel: number;
  region: string;
  parameterOverrides: Record<string, string>;
  /** `--skip`, `--until`, `--artifact` (issue 11): a retry runs the same part of the pipeline. */
  skip?: string[];
  until?: string;
  artifactDirs?: Record<string, string>;
}

export interface ExecutionResultJson {
  /** ROLLBACK for an execution that rolls a stage back (docs/aws/codepipeline.md §12.7). */
  executionType?: 'STANDARD' | 'ROLLBACK';
  rollbackMetadata?: { rollbackTargetPipelineExecutionId: string };
  pipelineVersion: number;
  executionMode: string;
  artifactRevisions: ArtifactRevisionJson[];
  stages: StageState[];
  run: RunSettings;
  artifactBucket: string;
}

/** Epoch ms; the stage ends when its last running action does (§5.2). */
export interface StageState {
  name: string;
  status: StageStatus;
  startTime?: number;
  endTime?: number;
  /** Stage conditions evaluated for this stage (§12.5), in order. */
  conditions?: ConditionState[];
  /** Automatic retries on failure so far (§5.5: one is allowed). */
  autoStageRetryAttempt?: number;
}

/** One evaluated condition (API:ConditionExecution-like) with its rules' outcomes. */
export interface ConditionState {
  kind: 'beforeEntry' | 'onSuccess' | 'onFailure';
  status: 'Succeeded' | 'Failed' | 'Errored';
  result?: string;
  rules: { name: string; status: string; summary: string; errorCode?: string }[];
}

export interface ArtifactRevisionJson {
  name: string;
  revisionId: string;
  revisionSummary?: string;
  revisionUrl?: string;
  created?: string;
}

export interface ActionExecutionDetail {
  pipelineExecutionId: string;
  actionExecutionId: string;
  pipelineVersion: number;
  stageName: string;
  actionName: string;
  startTime: string;
  lastUpdateTime: string;
  status: string;
  input: ActionInputJson;
  output: Omit<ActionOutputJson, 'codelocal'>;
  /** Local additions: attempt number (retries), log file, a failed build's cause. */
  codelocal: { attempt: number; logPath?: string; failure?: BuildFailureSummary };
}

export interface PipelineExecutionView {
  pipelineName: string;
  pipelineVersion: number;
  pipelineExecutionId: string;
  status: string;
  statusSummary?: string;
  artifactRevisions: ArtifactRevisionJson[];
  variables: { name: string; resolvedValue: string }[];
  trigger: { triggerType: string; triggerDetail: string };
  executionMode: string;
  executionType: 'STANDARD' | 'ROLLBACK';
  rollbackMetadata?: { rollbackTargetPipelineExecutionId: string };
  actionExecutionDetails: ActionExecutionDetail[];
  codelocal: {
    startTime: string;
    endTime?: string;
    stages: StageState[];
    pid: number;
    host: string;
    /** Set when the process running it vanished and history closed it (see markOrphans). */
    orphaned?: boolean;
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export const ORPHAN_SUMMARY = 'the codelocal process running this execution ended unexpectedly';

export function actionDetail(
  rec: ActionExecutionRecord,
  execution: PipelineExecutionRecord,
  pipelineVersion: number,
): ActionExecutionDetail {
  const output = (rec.output ?? {}) as Partial<ActionOutputJson>;
  const { codelocal: _local, ...awsOutput } = output;
  return {
    pipelineExecutionId: execution.id,
    actionExecutionId: rec.id,
    pipelineVersion,
    stageName: rec.stage,
    actionName: rec.action,
    startTime: iso(rec.startTime)!,
    lastUpdateTime: iso(rec.endTime ?? rec.startTime)!,
    status: rec.status,
    input: rec.input as ActionInputJson,
    output: {
      outputArtifacts: awsOutput.outputArtifacts ?? [],
      executionResult: awsOutput.executionResult ?? {
        ...(rec.externalExecutionId ? { externalExecutionId: rec.externalExecutionId } : {}),
        ...(rec.summary ? { externalExecutionSummary: rec.summary } : {}),
      },
      outputVariables: awsOutput.outputVariables ?? {},
    },
    codelocal: {
      attempt: rec.attempt,
      ...(rec.logPath ? { logPath: rec.logPath } : {}),
      ...(output.codelocal?.failure ? { failure: output.codelocal.failure } : {}),
    },
  };
}

/** The execution as `--json` and `executions show --json` print it. */
export function executionView(store: ExecutionStore, id: string): PipelineExecutionView | undefined {
  const e = store.getPipelineExecution(id);
  if (!e) return undefined;
  const result = (e.result ?? {}) as Partial<ExecutionResultJson>;
  const definition = e.definition as PipelineDeclaration | undefined;
  const version = result.pipelineVersion ?? definition?.version ?? 1;
  const actions = store.listActionExecutions(id);
  const stages = (result.stages ?? []).map((s) => ({ ...s }));
  if (e.status === 'Failed' && e.statusSummary === ORPHAN_SUMMARY) {
    for (const s of stages) if (s.status === 'InProgress' || s.status === 'Stopping') s.status = 'Failed';
  }
  return {
    pipelineName: e.pipeline,
    pipelineVersion: version,
    pipelineExecutionId: e.id,
    status: e.status,
    ...(e.statusSummary ? { statusSummary: e.statusSummary } : {}),
    artifactRevisions: result.artifactRevisions ?? [],
    variables: (e.variables as { name: string; resolvedValue: string }[] | undefined) ?? [],
    trigger: (e.trigger as PipelineExecutionView['trigger'] | undefined) ?? {
      triggerType: 'StartPipelineExecution',
      triggerDetail: 'codelocal',
    },
    executionMode: result.executionMode ?? definition?.executionMode ?? 'SUPERSEDED',
    executionType: result.executionType ?? 'STANDARD',
    ...(result.rollbackMetadata ? { rollbackMetadata: result.rollbackMetadata } : {}),
    // ListActionExecutions lists newest first.
    actionExecutionDetails: actions.map((a) => actionDetail(a, e, version)).reverse(),
    codelocal: {
      startTime: iso(e.startTime)!,
      ...(e.endTime ? { endTime: iso(e.endTime) } : {}),
      stages,
      pid: e.pid,
      host: e.host,
      ...(e.statusSummary === ORPHAN_SUMMARY ? { orphaned: true } : {}),
    },
  };
}

/** The newest attempt of each action of an execution, by `Stage.Action`. */
export function latestAttempts(store: ExecutionStore, executionId: string): Map<string, ActionExecutionRecord> {
  const out = new Map<string, ActionExecutionRecord>();
  for (const a of store.listActionExecutions(executionId)) {
    const k = `${a.stage}.${a.action}`;
    const prev = out.get(k);
    if (!prev || a.attempt >= prev.attempt) out.set(k, a);
  }
  return out;
}
