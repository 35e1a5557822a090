/**
 * Runs one action execution: resolves its variables, records it, unpacks its inputs, calls the
 * provider, stores its outputs as new artifact objects and publishes its variables. Everything that
 * can go wrong with one action ends as that action's Failed status (with the reason as its
 * summary), never as an exception: the stage decides what a failure means for its siblings.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isCodelocalError } from '../../errors.js';
import type { ActionDeclaration, PipelineDeclaration } from '../../model/pipeline-types.js';
import { unresolvedVariablesMessage, type VariableTable } from '../../model/variables.js';
import type { ActionExecutionStatus, ExecutionStore } from '../../stores/execution-store.js';
import { newArtifactKey, record, removeQuietly, storeDirectory, tempFolder, unpackArtifact } from './artifacts.js';
import type { EventSink } from './events.js';
import type { ActionInputJson, ActionOutputJson, ArtifactRevisionJson } from './history.js';
import type { ProviderRegistry } from './registry.js';
import type { StopController } from './stop.js';
import type {
  ActionContext,
  ActionInput,
  ActionOutputSlot,
  ActionProvider,
  ActionResult,
  ActionServices,
  ArtifactRecord,
} from './types.js';
import { resolveAction } from './variables-table.js';

/** Everything one execution shares between its actions; `table`, `artifacts` and `revisions` grow as actions succeed. */
export interface ExecutionRun {
  pipeline: PipelineDeclaration;
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

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._@-]/g, '_');

function logFile(run: ExecutionRun, stage: string, action: string, attempt: number): string {
  const suffix = attempt > 1 ? `.attempt${attempt}` : '';
  return join(run.executionDir, `${safeName(stage)}.${safeName(action)}${suffix}.log`);
}

function inputJson(run: ExecutionRun, action: ActionDeclaration, resolved: Record<string, string>): ActionInputJson {
  return {
    actionTypeId: action.actionTypeId,
    configuration: action.configuration,
    resolvedConfiguration: resolved,
    roleArn: action.roleArn ?? run.pipeline.roleArn,
    region: action.region ?? run.region,
    inputArtifacts: action.inputArtifacts.map((i) => {
      const r = run.artifacts.get(i.name);
      return { name: i.name, s3location: { bucket: r?.bucket ?? run.artifactBucket, key: r?.key ?? '' } };
    }),
    ...(action.namespace ? { namespace: action.namespace } : {}),
  };
}

function describeError(e: unknown): string {
  if (isCodelocalError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export async function runAction(
  run: ExecutionRun,
  stageName: string,
  action: ActionDeclaration,
): Promise<ActionOutcome> {
  const key = `${stageName}.${action.name}`;
  const attempt = (run.attempts.get(key) ?? 0) + 1;
  run.attempts.set(key, attempt);
  const id = randomUUID();
  mkdirSync(run.executionDir, { recursive: true });
  const logPath = logFile(run, stageName, action.name, attempt);
  const log: WriteStream = createWriteStream(logPath, { flags: 'a' });
  const write = (text: string) => {
    log.write(text);
    run.emit({ type: 'log', stage: stageName, action: action.name, text });
  };
  const resolved = resolveAction(action, run.table);
  const startTime = run.services.clock.now();
  run.store.insertActionExecution({
    id,
    executionId: run.executionId,
    stage: stageName,
    action: action.name,
    attempt,
    status: 'InProgress',
    startTime,
    input: inputJson(run, action, resolved.configuration),
    logPath,
  });
  run.emit({
    type: 'action',
    stage: stageName,
    action: action.name,
    status: 'InProgress',
    actionExecutionId: id,
    time: startTime,
  });

  const finish = (
    status: ActionOutcome,
    output: ActionOutputJson,
    extra: { summary?: string; externalExecutionId?: string } = {},
  ) => {
    const endTime = run.services.clock.now();
    run.store.updateActionExecution(id, { status, endTime, output, ...extra });
    // To the file only: the live view prints the summary with the status change.
    if (extra.summary) log.write(`${status === 'Succeeded' ? '' : `${status}: `}${extra.summary}\n`);
    run.emit({
      type: 'action',
      stage: stageName,
      action: action.name,
      status,
      actionExecutionId: id,
      summary: extra.summary,
      time: endTime,
    });
    return new Promise<ActionOutcome>((resolve) => log.end(() => resolve(status)));
  };
  const failed = (summary: string) =>
    finish(
      'Failed',
      { outputArtifacts: [], executionResult: { externalExecutionSummary: summary }, outputVariables: {} },
      { summary },
    );

  // §4.4: an unresolved reference fails the action before anything of it starts.
  if (resolved.unresolved.length > 0) {
    write(`unresolved: ${[...new Set(resolved.unresolved.map((u) => u.text))].join(', ')}\n`);
    return failed(unresolvedVariablesMessage(action.name));
  }
  const provider = run.registry.get(action.actionTypeId) as ActionProvider;
  const cloneRef = action.inputArtifacts.find((i) => run.artifacts.get(i.name)?.format === 'CODEBUILD_CLONE_REF');
  if (cloneRef && !provider.acceptsCloneRef) {
    return failed(
      `Action ${action.name} cannot use input artifact ${cloneRef.name}: it is a CODEBUILD_CLONE_REF (a Git URL reference), which only CodeBuild actions can use`,
    );
  }

  const temps: string[] = [];
  const signal = run.stop.abandonSignal;
  try {
    const inputs: ActionInput[] = [];
    for (const i of action.inputArtifacts) {
      const rec = run.artifacts.get(i.name);
      if (!rec) return await failed(`input artifact ${i.name} was not produced in this execution`);
      const dir = tempFolder('in');
      temps.push(dir);
      const u = await unpackArtifact(run.services.s3, rec, dir);
      inputs.push({ record: rec, dir, ...(u.error ? { unpackError: u.error } : {}) });
    }
    const outputs: ActionOutputSlot[] = action.outputArtifacts.map((o) => {
      const dir = tempFolder('out');
      temps.push(dir);
      return {
        name: o.name,
        dir,
        bucket: run.artifactBucket,
        key: newArtifactKey(run.pipeline.name, o.name),
        ...(o.files ? { files: o.files } : {}),
      };
    });
    const ctx: ActionContext = {
      pipelineName: run.pipeline.name,
      pipelineVersion: run.pipelineVersion,
      executionId: run.executionId,
      stageName,
      actionName: action.name,
      actionExecutionId: id,
      declaration: action,
      configuration: resolved.configuration,
      ...(resolved.commands ? { commands: resolved.commands } : {}),
      ...(resolved.environmentVariables ? { environmentVariables: resolved.environmentVariables } : {}),
      inputs,
      outputs,
      log: (line) => write(line.endsWith('\n') ? line : line + '\n'),
      output: write,
      signal,
      services: run.services,
    };
    let result: ActionResult;
    try {
      result = await provider.run(ctx);
    } catch (e) {
      result = { status: 'Failed', summary: describeError(e) };
    }
    if (signal.aborted) {
      return await finish(
        'Abandoned',
        {
          outputArtifacts: [],
          executionResult: { externalExecutionId: result.externalExecutionId },
          outputVariables: {},
        },
        {
          summary: 'abandoned: the execution was stopped with abandon',
          externalExecutionId: result.externalExecutionId,
        },
      );
    }
    const produced: ArtifactRecord[] = [];
    if (result.status === 'Succeeded') {
      for (const slot of outputs) {
        const stored = result.stored?.[slot.name];
        if (!stored) await storeDirectory(run.services.s3, slot.dir, slot);
        else if (!(await run.services.s3.exists(slot.bucket, slot.key))) {
          result = { ...result, status: 'Failed', summary: `output artifact ${slot.name} was not produced` };
          break;
        }
        const format = stored?.format ?? result.formats?.[slot.name] ?? 'ZIP';
        produced.push(
          record(slot.name, slot.bucket, slot.key, format, stored?.revision ?? result.revision?.revisionId),
        );
      }
    }
    const ok = result.status === 'Succeeded';
    const outputVariables = result.outputVariables ?? {};
    if (ok) {
      for (const p of produced) run.artifacts.set(p.name, p);
      if (action.namespace) run.table[action.namespace] = { ...outputVariables };
      if (result.revision) {
        for (const p of produced) run.revisions.push({ name: p.name, ...result.revision });
      }
    }
    const executionResult = {
      ...(result.externalExecutionId ? { externalExecutionId: result.externalExecutionId } : {}),
      ...(result.summary ? { externalExecutionSummary: result.summary } : {}),
      ...(result.externalExecutionUrl ? { externalExecutionUrl: result.externalExecutionUrl } : {}),
    };
    return await finish(
      ok ? 'Succeeded' : 'Failed',
      {
        outputArtifacts: ok
          ? produced.map((p) => ({ name: p.name, s3location: { bucket: p.bucket, key: p.key } }))
          : [],
        executionResult,
        // Source variables are visible even without a namespace (§2.1); failed actions publish none.
        outputVariables: ok ? outputVariables : {},
        codelocal: { artifacts: ok ? produced : [], ...(ok && result.revision ? { revision: result.revision } : {}) },
      },
      { summary: result.summary, externalExecutionId: result.externalExecutionId },
    );
  } catch (e) {
    if (signal.aborted) {
      return await finish(
        'Abandoned',
        { outputArtifacts: [], executionResult: {}, outputVariables: {} },
        {
          summary: 'abandoned: the execution was stopped with abandon',
        },
      );
    }
    return await failed(describeError(e));
  } finally {
    for (const t of temps) removeQuietly(t);
  }
}
