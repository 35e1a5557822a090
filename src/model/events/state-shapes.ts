/**
 * The state-change events CodePipeline and CodeBuild send to EventBridge, built from what codelocal records
 * (docs/aws/eventbridge.md §5): pipeline, stage and action execution changes, and build state changes. Pure
 * shapes: the API's recorder feeds them from the engine's events and writes them to the events log.
 */
import { makeEvent, partitionOfContext, type EventContext } from './shapes.js';
import type { AwsEvent } from './types.js';

export const PIPELINE_EXECUTION_CHANGE = 'CodePipeline Pipeline Execution State Change';
export const STAGE_EXECUTION_CHANGE = 'CodePipeline Stage Execution State Change';
export const ACTION_EXECUTION_CHANGE = 'CodePipeline Action Execution State Change';
export const BUILD_STATE_CHANGE = 'CodeBuild Build State Change';

/** Our history's status words (GetPipelineExecution's) → the event's `state` (§5.1). */
const STATE_OF: Record<string, string> = {
  InProgress: 'STARTED',
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  Stopping: 'STOPPING',
  Stopped: 'STOPPED',
  Superseded: 'SUPERSEDED',
  Cancelled: 'CANCELED',
  Abandoned: 'ABANDONED',
  Resumed: 'RESUMED',
};

/** The event `state` for a pipeline, stage or action status; unknown words pass through upper-cased. */
export function eventState(status: string): string {
  return STATE_OF[status] ?? status.toUpperCase();
}

export function pipelineArn(ctx: EventContext, pipeline: string): string {
  return `arn:${partitionOfContext(ctx)}:codepipeline:${ctx.region}:${ctx.account}:${pipeline}`;
}

export interface ExecutionRef {
  pipeline: string;
  executionId: string;
  /** The pipeline structure version (a number in the events). */
  version: number;
}

export interface ExecutionTrigger {
  triggerType: string;
  triggerDetail?: string;
}

export function pipelineExecutionEvent(
  ctx: EventContext,
  ref: ExecutionRef,
  status: string,
  trigger?: ExecutionTrigger,
): AwsEvent {
  const detail: Record<string, unknown> = { pipeline: ref.pipeline, 'execution-id': ref.executionId };
  if (trigger) {
    detail['execution-trigger'] = {
      'trigger-type': trigger.triggerType,
      ...(trigger.triggerDetail !== undefined ? { 'trigger-detail': trigger.triggerDetail } : {}),
    };
  }
  Object.assign(detail, { state: eventState(status), version: ref.version });
  return makeEvent(ctx, 'aws.codepipeline', PIPELINE_EXECUTION_CHANGE, [pipelineArn(ctx, ref.pipeline)], detail);
}

export function stageExecutionEvent(ctx: EventContext, ref: ExecutionRef, stage: string, status: string): AwsEvent {
  return makeEvent(ctx, 'aws.codepipeline', STAGE_EXECUTION_CHANGE, [pipelineArn(ctx, ref.pipeline)], {
    pipeline: ref.pipeline,
    'execution-id': ref.executionId,
    stage,
    state: eventState(status),
    version: ref.version,
  });
}

export interface ArtifactLocation {
  name: string;
  bucket: string;
  key: string;
}

export interface ActionChange {
  stage: string;
  action: string;
  status: string;
  /** The action's region (it may differ from the envelope's). */
  region: string;
  type: { owner: string; provider: string; category: string; version: string };
  inputArtifacts?: ArtifactLocation[];
  outputArtifacts?: ArtifactLocation[];
  /** On SUCCEEDED/FAILED. */
  result?: { externalExecutionId?: string; summary?: string; url?: string; errorCode?: string };
}

const artifactsJson = (list: ArtifactLocation[]) =>
  list.map((a) => ({ name: a.name, s3location: { bucket: a.bucket, key: a.key } }));

export function actionExecutionEvent(ctx: EventContext, ref: ExecutionRef, change: ActionChange): AwsEvent {
  const state = eventState(change.status);
  const detail: Record<string, unknown> = {
    pipeline: ref.pipeline,
    'execution-id': ref.executionId,
    stage: change.stage,
    action: change.action,
    state,
    region: change.region,
    type: { ...change.type },
    version: ref.version,
  };
  if (state === 'STARTED' && change.inputArtifacts) detail['input-artifacts'] = artifactsJson(change.inputArtifacts);
  if (state === 'SUCCEEDED' && change.outputArtifacts)
    detail['output-artifacts'] = artifactsJson(change.outputArtifacts);
  if ((state === 'SUCCEEDED' || state === 'FAILED') && change.result) {
    const r = change.result;
    detail['execution-result'] = {
      ...(r.url !== undefined ? { 'external-execution-url': r.url } : {}),
      ...(r.summary !== undefined ? { 'external-execution-summary': r.summary } : {}),
      ...(r.externalExecutionId !== undefined ? { 'external-execution-id': r.externalExecutionId } : {}),
      ...(state === 'FAILED' ? { 'error-code': r.errorCode ?? 'JobFailed' } : {}),
    };
  }
  return makeEvent(ctx, 'aws.codepipeline', ACTION_EXECUTION_CHANGE, [pipelineArn(ctx, ref.pipeline)], detail);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** CodeBuild's event time format, `Sep 1, 2017 4:12:29 PM` (UTC), not ISO (§5.2). */
export function buildEventTime(iso: string | number | Date): string {
  const d = new Date(iso);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${clock}`;
}

/** The parts of a build (BatchGetBuilds' Build, as codelocal records it) the build event needs. */
export interface BuildSnapshot {
  id: string;
  arn: string;
  projectName: string;
  buildStatus: string;
  currentPhase: string;
  startTime: string;
  buildComplete: boolean;
  initiator: string;
  timeoutInMinutes: number;
  environment: {
    type: string;
    image: string;
    computeType: string;
    privilegedMode: boolean;
    environmentVariables: { name: string; value: string; type?: string }[];
  };
  source: { type: string; location?: string };
  logs: { groupName?: string; streamName: string; deepLink: string };
  phases: {
    phaseType: string;
    phaseStatus?: string;
    startTime: string;
    endTime?: string;
    durationInSeconds?: number;
    contexts?: { statusCode: string; message: string }[];
  }[];
  artifacts?: { location: string; md5sum?: string; sha256sum?: string };
}

function phasesJson(phases: BuildSnapshot['phases']): Record<string, unknown>[] {
  return phases.map((p) => ({
    'phase-context': (p.contexts ?? []).map((c) => `${c.statusCode}: ${c.message}`),
    'start-time': buildEventTime(p.startTime),
    ...(p.endTime ? { 'end-time': buildEventTime(p.endTime) } : {}),
    ...(p.durationInSeconds !== undefined ? { 'duration-in-seconds': p.durationInSeconds } : {}),
    'phase-type': p.phaseType,
    ...(p.phaseStatus ? { 'phase-status': p.phaseStatus } : {}),
  }));
}

function additionalInformation(b: BuildSnapshot): Record<string, unknown> {
  const env = b.environment;
  return {
    ...(b.artifacts
      ? {
          artifact: {
            ...(b.artifacts.md5sum ? { md5sum: b.artifacts.md5sum } : {}),
            ...(b.artifacts.sha256sum ? { sha256sum: b.artifacts.sha256sum } : {}),
            location: b.artifacts.location,
          },
        }
      : {}),
    environment: {
      image: env.image,
      'privileged-mode': env.privilegedMode,
      'compute-type': env.computeType,
      type: env.type,
      'environment-variables': env.environmentVariables.map((v) => ({
        name: v.name,
        value: v.value,
        type: v.type ?? 'PLAINTEXT',
      })),
    },
    'timeout-in-minutes': b.timeoutInMinutes,
    'build-complete': b.buildComplete,
    initiator: b.initiator,
    'build-start-time': buildEventTime(b.startTime),
    source: { ...(b.source.location ? { location: b.source.location } : {}), type: b.source.type },
    logs: {
      ...(b.logs.groupName ? { 'group-name': b.logs.groupName } : {}),
      'stream-name': b.logs.streamName,
      'deep-link': b.logs.deepLink,
    },
    phases: phasesJson(b.phases),
  };
}

/** "CodeBuild Build State Change" for a build that started (IN_PROGRESS) or ended (§5.2). */
export function buildStateEvent(ctx: EventContext, b: BuildSnapshot): AwsEvent {
  const last = b.phases[b.phases.length - 1];
  const context = last?.contexts?.length
    ? JSON.stringify(last.contexts.map((c) => `${c.statusCode}: ${c.message}`))
    : '[]';
  return makeEvent(ctx, 'aws.codebuild', BUILD_STATE_CHANGE, [b.arn], {
    'build-status': b.buildStatus,
    'project-name': b.projectName,
    'build-id': b.arn,
    'additional-information': additionalInformation(b),
    'current-phase': b.currentPhase,
    'current-phase-context': context,
    version: '1',
  });
}
