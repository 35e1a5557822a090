/**
 * The record of one attempt of one action: its log file, its row in the execution store and the
 * events the live view follows, from InProgress to its final status. Kept apart from what the
 * attempt does (action-runner.ts) so the bookkeeping reads in one place.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ActionDeclaration, PipelineDeclaration, VariableTable } from '../../model/index.js';
import type { PipelinePlan } from '../../plan/index.js';
import type { ActionExecutionStatus, ExecutionStore } from '../../stores/index.js';
import type { EventSink } from './events.js';
import type { ActionInputJson, ActionOutputJson, ArtifactRevisionJson } from './history.js';
import type { ProviderRegistry } from './registry.js';
import type { StopController } from './stop.js';
import type { ActionServices, ArtifactRecord } from './types.js';

/** Everything one execution shares between its actions; `table`, `artifacts` and `revisions` grow as actions succeed. */
export interface ExecutionRun {
  /** What runs: stages, runOrder groups and actions, as `pipeline plan` shows them. */
  plan: PipelinePlan;
  pipelineVersion: number;
  executionId: string;
  region: string;
  artifactBucket: string;
  registry: ProviderRegistry;
  services: ActionServices;
  store: ExecutionStore;
  table: VariableTable;
  artifacts: Map<string, ArtifactRecord>;
  revisions: ArtifactRevisionJson[];
  /** Where action logs go: `<state>/pipeline-executions/<id>/`. */
  executionDir: string;
  stop: StopController;
  emit: EventSink;
  /** Attempts so far by `Stage.Action` (retries number theirs after these). */
  attempts: Map<string, number>;
}

export type ActionOutcome = Exclude<ActionExecutionStatus, 'InProgress'>;

export interface Attempt {
  id: string;
  stage: string;
  action: ActionDeclaration;
  /** Writes to the action's log file and the live view. */
  write(text: string): void;
  /** Records the final status (store, log, event) and closes the log. */
  finish(status: ActionOutcome, output: ActionOutputJson, extra?: AttemptExtra): Promise<ActionOutcome>;
  /** finish('Failed') with nothing produced. */
  failed(summary: string): Promise<ActionOutcome>;
}

export interface AttemptExtra {
  summary?: string;
  externalExecutionId?: string;
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._@-]/g, '_');

function logFile(run: ExecutionRun, stage: string, action: string, attempt: number): string {
  const suffix = attempt > 1 ? `.attempt${attempt}` : '';
  return join(run.executionDir, `${safeName(stage)}.${safeName(action)}${suffix}.log`);
}

function inputJson(run: ExecutionRun, action: ActionDeclaration, resolved: Record<string, string>): ActionInputJson {
  const pipeline: PipelineDeclaration = run.plan.definition;
  return {
    actionTypeId: action.actionTypeId,
    configuration: action.configuration,
    resolvedConfiguration: resolved,
    roleArn: action.roleArn ?? pipeline.roleArn,
    region: action.region ?? run.region,
    inputArtifacts: action.inputArtifacts.map((i) => {
      const r = run.artifacts.get(i.name);
      return { name: i.name, s3location: { bucket: r?.bucket ?? run.artifactBucket, key: r?.key ?? '' } };
    }),
    ...(action.namespace ? { namespace: action.namespace } : {}),
  };
}

/** Numbers the attempt, opens its log and records it as InProgress. */
export function startAttempt(
  run: ExecutionRun,
  stage: string,
  action: ActionDeclaration,
  resolvedConfiguration: Record<string, string>,
): Attempt {
  const key = `${stage}.${action.name}`;
  const attempt = (run.attempts.get(key) ?? 0) + 1;
  run.attempts.set(key, attempt);
  const id = randomUUID();
  mkdirSync(run.executionDir, { recursive: true });
  const logPath = logFile(run, stage, action.name, attempt);
  const log: WriteStream = createWriteStream(logPath, { flags: 'a' });
  const startTime = run.services.clock.now();
  const input = inputJson(run, action, resolvedConfiguration);
  run.store.insertActionExecution({
    id,
    executionId: run.executionId,
    stage,
    action: action.name,
    attempt,
    status: 'InProgress',
    startTime,
    input,
    logPath,
  });
  const event = { type: 'action' as const, stage, action: action.name, actionExecutionId: id };
  run.emit({ ...event, status: 'InProgress', time: startTime });
  const finish: Attempt['finish'] = (status, output, extra = {}) => {
    const endTime = run.services.clock.now();
    run.store.updateActionExecution(id, { status, endTime, output, ...extra });
    // To the file only: the live view prints the summary with the status change.
    if (extra.summary) log.write(`${status === 'Succeeded' ? '' : `${status}: `}${extra.summary}\n`);
    run.emit({ ...event, status, summary: extra.summary, time: endTime });
    return new Promise<ActionOutcome>((resolve) => log.end(() => resolve(status)));
  };
  return {
    id,
    stage,
    action,
    write: (text) => {
      log.write(text);
      run.emit({ type: 'log', stage, action: action.name, text });
    },
    finish,
    failed: (summary) =>
      finish(
        'Failed',
        { outputArtifacts: [], executionResult: { externalExecutionSummary: summary }, outputVariables: {} },
        { summary },
      ),
  };
}
