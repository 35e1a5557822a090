/**
 * Runs one action execution: resolves its variables, records it, unpacks its inputs, calls the
 * provider, stores its outputs as new artifact objects and publishes its variables. Everything that
 * can go wrong with one action ends as that action's Failed status (with the reason as its
 * summary), never as an exception: the stage decides what a failure means for its siblings.
 */
import { isCodelocalError } from '../../errors.js';
import {
  type ActionDeclaration,
  findActionType,
  isNotEvaluated,
  notEvaluatedMessage,
  unresolvedVariablesMessage,
  VALUE_NOT_EVALUATED,
} from '../../model/index.js';
import { startAttempt, type ActionOutcome, type Attempt, type ExecutionRun } from './action-attempt.js';
import { newArtifactKey, record, removeQuietly, storeDirectory, tempFolder, unpackArtifact } from './artifacts.js';
import type { ActionOutputJson } from './history.js';
import { notEmulatedProvider } from './not-emulated.js';
import type { SkippedAction } from '../../plan/index.js';
import { skippedProvider } from './skipped-action.js';
import type {
  ActionContext,
  ActionInput,
  ActionOutputSlot,
  ActionProvider,
  ActionResult,
  ArtifactRecord,
} from './types.js';
import { resolveAction } from './variables-table.js';

export type { ActionOutcome, ExecutionRun } from './action-attempt.js';

type Resolved = ReturnType<typeof resolveAction>;

const ABANDONED = 'abandoned: the execution was stopped with abandon';

function describeError(e: unknown): string {
  if (isCodelocalError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Why the action cannot start at all (§4.4 unresolved variables, §2.1 clone refs), if so. */
function refusal(run: ExecutionRun, att: Attempt, resolved: Resolved, provider: ActionProvider): string | undefined {
  const action = att.action;
  if (resolved.unresolved.length > 0) {
    att.write(`unresolved: ${[...new Set(resolved.unresolved.map((u) => u.text))].join(', ')}\n`);
    return unresolvedVariablesMessage(action.name);
  }
  const cloneRef = action.inputArtifacts.find((i) => run.artifacts.get(i.name)?.format === 'CODEBUILD_CLONE_REF');
  if (cloneRef && !provider.acceptsCloneRef) {
    return `Action ${action.name} cannot use input artifact ${cloneRef.name}: it is a CODEBUILD_CLONE_REF (a Git URL reference), which only CodeBuild actions can use`;
  }
  return undefined;
}

/** Unpacks each input artifact into a temp folder; a missing one is the action's failure. */
async function unpackInputs(run: ExecutionRun, action: ActionDeclaration, temps: string[]) {
  const inputs: ActionInput[] = [];
  for (const i of action.inputArtifacts) {
    const rec = run.artifacts.get(i.name);
    if (!rec) return { missing: `input artifact ${i.name} was not produced in this execution` };
    const dir = tempFolder(run.services.state, 'in');
    temps.push(dir);
    const u = await unpackArtifact(run.services.s3, rec, dir);
    inputs.push({ record: rec, dir, ...(u.error ? { unpackError: u.error } : {}) });
  }
  return { inputs };
}

function outputSlots(run: ExecutionRun, action: ActionDeclaration, temps: string[]): ActionOutputSlot[] {
  return action.outputArtifacts.map((o) => {
    const dir = tempFolder(run.services.state, 'out');
    temps.push(dir);
    return {
      name: o.name,
      dir,
      bucket: run.artifactBucket,
      key: newArtifactKey(run.plan.pipelineName, o.name),
      ...(o.files ? { files: o.files } : {}),
    };
  });
}

function actionContext(
  run: ExecutionRun,
  att: Attempt,
  resolved: Resolved,
  io: { inputs: ActionInput[]; outputs: ActionOutputSlot[] },
): ActionContext {
  return {
    pipelineName: run.plan.pipelineName,
    pipelineVersion: run.pipelineVersion,
    executionId: run.executionId,
    stageName: att.stage,
    actionName: att.action.name,
    actionExecutionId: att.id,
    declaration: att.action,
    configuration: resolved.configuration,
    ...(resolved.commands ? { commands: resolved.commands } : {}),
    ...(resolved.environmentVariables ? { environmentVariables: resolved.environmentVariables } : {}),
    ...io,
    log: (line) => att.write(line.endsWith('\n') ? line : line + '\n'),
    notice: (line) => {
      att.write(line + '\n');
      run.emit({ type: 'notice', message: `${att.stage}.${att.action.name}: ${line}` });
    },
    output: att.write,
    signal: run.stop.abandonSignal,
    services: run.services,
  };
}

async function callProvider(provider: ActionProvider, ctx: ActionContext): Promise<ActionResult> {
  try {
    return await provider.run(ctx);
  } catch (e) {
    return { status: 'Failed', summary: describeError(e), ...(isCodelocalError(e) ? { errorCode: e.code } : {}) };
  }
}

/** Zips what the provider left in its output folders; checks the ones it stored itself. */
async function storeOutputs(run: ExecutionRun, outputs: ActionOutputSlot[], result: ActionResult) {
  const produced: ArtifactRecord[] = [];
  if (result.status !== 'Succeeded') return { result, produced };
  for (const slot of outputs) {
    const stored = result.stored?.[slot.name];
    if (!stored) await storeDirectory(run.services.s3, slot.dir, slot);
    else if (!(await run.services.s3.exists(slot.bucket, slot.key))) {
      return {
        result: { ...result, status: 'Failed' as const, summary: `output artifact ${slot.name} was not produced` },
        produced,
      };
    }
    const format = stored?.format ?? result.formats?.[slot.name] ?? 'ZIP';
    produced.push(record(slot.name, slot.bucket, slot.key, format, stored?.revision ?? result.revision?.revisionId));
  }
  return { result, produced };
}

/** What a succeeded action gives the later ones: artifacts, its namespace's variables, source revisions. */
function publish(run: ExecutionRun, action: ActionDeclaration, result: ActionResult, produced: ArtifactRecord[]) {
  for (const p of produced) run.artifacts.set(p.name, p);
  if (action.namespace) run.table[action.namespace] = { ...(result.outputVariables ?? {}) };
  if (result.revision) for (const p of produced) run.revisions.push({ name: p.name, ...result.revision });
}

function outputJson(result: ActionResult, produced: ArtifactRecord[]): ActionOutputJson {
  const ok = result.status === 'Succeeded';
  return {
    outputArtifacts: ok ? produced.map((p) => ({ name: p.name, s3location: { bucket: p.bucket, key: p.key } })) : [],
    executionResult: {
      ...(result.externalExecutionId ? { externalExecutionId: result.externalExecutionId } : {}),
      ...(result.summary ? { externalExecutionSummary: result.summary } : {}),
      ...(result.externalExecutionUrl ? { externalExecutionUrl: result.externalExecutionUrl } : {}),
      ...(result.errorCode ? { errorDetails: { code: result.errorCode, message: result.summary ?? '' } } : {}),
    },
    // Source variables are visible even without a namespace (§2.1); failed actions publish none.
    outputVariables: ok ? (result.outputVariables ?? {}) : {},
    codelocal: {
      artifacts: ok ? produced : [],
      ...(ok && result.revision ? { revision: result.revision } : {}),
      ...(!ok && result.failure ? { failure: result.failure } : {}),
    },
  };
}

function abandoned(att: Attempt, externalExecutionId?: string): Promise<ActionOutcome> {
  return att.finish(
    'Abandoned',
    { outputArtifacts: [], executionResult: { externalExecutionId }, outputVariables: {} },
    { summary: ABANDONED, externalExecutionId },
  );
}

/** AWS's text for a refused artifact read or write, then codelocal's reason and fix (from the plan). */
function accessRefusal(run: ExecutionRun, att: Attempt): string | undefined {
  const stage = run.plan.stages.find((s) => s.name === att.stage);
  const planned = stage?.groups.flatMap((g) => g.actions).find((a) => a.name === att.action.name);
  const r = planned?.access?.refused;
  if (!r) return undefined;
  att.write(`codelocal: ${r.reason}\ncodelocal: fix: ${r.fix}\n`);
  return r.awsMessage;
}

/** Inputs in, provider called, outputs stored and published; temp folders left for the caller to remove. */
async function execute(
  run: ExecutionRun,
  att: Attempt,
  resolved: Resolved,
  provider: ActionProvider,
  io: { temps: string[]; readsInputs: boolean },
) {
  const temps = io.temps;
  // A cross-account role the bucket or key policy does not admit fails its first artifact read (docs/aws/iam.md §3.4).
  const refused = io.readsInputs ? accessRefusal(run, att) : undefined;
  if (refused) return att.failed(refused);
  // A skipped action reads nothing: its inputs are not unpacked.
  const unpacked = io.readsInputs ? await unpackInputs(run, att.action, temps) : { inputs: [] };
  if (unpacked.missing !== undefined) return att.failed(unpacked.missing);
  const outputs = outputSlots(run, att.action, temps);
  const called = await callProvider(provider, actionContext(run, att, resolved, { inputs: unpacked.inputs, outputs }));
  if (run.stop.abandonSignal.aborted) return abandoned(att, called.externalExecutionId);
  const { result, produced } = await storeOutputs(run, outputs, called);
  if (result.status === 'Succeeded') publish(run, att.action, result, produced);
  return att.finish(result.status, outputJson(result, produced), {
    summary: result.summary,
    externalExecutionId: result.externalExecutionId,
  });
}

/** An unknown configuration value the local stand-in reads (issue 11): the action cannot run. */
function blockingUnknown(action: ActionDeclaration): [string, string] | undefined {
  const unused = findActionType(action.actionTypeId)?.unusedLocally ?? [];
  return Object.entries(action.configuration).find(([k, v]) => isNotEvaluated(v) && !unused.includes(k));
}

/** A configuration value from Fn::Transform is unknown here: the action cannot run (issue 11). */
function notEvaluated(att: Attempt, action: ActionDeclaration): Promise<ActionOutcome> | undefined {
  const hit = blockingUnknown(action);
  if (!hit || !isNotEvaluated(hit[1])) return undefined;
  const summary = notEvaluatedMessage(`configuration ${hit[0]} of action ${action.name}`, hit[1]);
  return att.finish(
    'Failed',
    {
      outputArtifacts: [],
      executionResult: {
        externalExecutionSummary: summary,
        errorDetails: { code: VALUE_NOT_EVALUATED, message: summary },
      },
      outputVariables: {},
    },
    { summary },
  );
}

function textOfUnknowns(configuration: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(configuration).map(([k, v]) => [k, isNotEvaluated(v) ? v.text : v]));
}

/** Runs one action; a `--skip`ped one (issue 11) goes through the skipped stand-in, never refused. */
export async function runAction(
  run: ExecutionRun,
  stageName: string,
  action: ActionDeclaration,
  skipped?: SkippedAction,
): Promise<ActionOutcome> {
  if (!skipped && blockingUnknown(action)) {
    const att = startAttempt(run, stageName, action, action.configuration);
    return notEvaluated(att, action)!;
  }
  // A skipped action records its configuration, and a key the stand-in never reads is passed on; an
  // unevaluated value reads as its text there.
  const known = { ...action, configuration: textOfUnknowns(action.configuration) };
  const resolved = resolveAction(known, run.table);
  const att = startAttempt(run, stageName, action, resolved.configuration);
  const provider = skipped
    ? skippedProvider(skipped)
    : (run.registry.get(action.actionTypeId) ?? notEmulatedProvider(action.actionTypeId));
  const refused = skipped ? undefined : refusal(run, att, resolved, provider);
  if (refused) return att.failed(refused);
  const temps: string[] = [];
  try {
    return await execute(run, att, resolved, provider, { temps, readsInputs: !skipped });
  } catch (e) {
    if (run.stop.abandonSignal.aborted) {
      return await att.finish(
        'Abandoned',
        { outputArtifacts: [], executionResult: {}, outputVariables: {} },
        { summary: ABANDONED },
      );
    }
    return await att.failed(describeError(e));
  } finally {
    for (const t of temps) removeQuietly(t);
  }
}
