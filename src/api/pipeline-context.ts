/**
 * How the pipeline and history commands open their project: a workspace (src/workspace/) in the
 * folder they run in, where a relative --state-dir is relative to that folder too; plus the
 * execution-id and `Stage.Action` lookups they share.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { ExecutionStore } from '../stores/index.js';
import { openHistory as openWorkspaceHistory, openWorkspace, type Workspace } from '../workspace/index.js';

export interface StateOptions {
  /** The folder to act in (default the current one): project root, config and git sources start here. */
  cwd?: string;
  /** `--state-dir`. */
  stateDir?: string;
}

/** The workspace a pipeline command runs in (its `cwd` is where git sources are read). */
export type PipelineContext = Workspace;

export function pipelineContext(options: StateOptions = {}): PipelineContext {
  return openWorkspace({ cwd: options.cwd, stateDir: options.stateDir, stateDirBase: options.cwd });
}

/** Opens the history (creating the state folder) and closes runs whose process is gone. */
export function openHistory(ctx: PipelineContext): ExecutionStore {
  return openWorkspaceHistory(ctx, { closeOrphans: true });
}

/**
 * The history of a command that names an execution (show, logs, stop, approve, retry): without a
 * history file there is no such execution, and reading must not create the state folder (issue 17).
 */
export function openExistingHistory(ctx: PipelineContext, executionId: string): ExecutionStore {
  if (!existsSync(ctx.state.executionsDb)) throw executionNotFound(executionId, ctx.state.executionsDb);
  return openHistory(ctx);
}

function executionNotFound(idOrPrefix: string, where: string): InputError {
  return new InputError(
    'PIPELINE_EXECUTION_NOT_FOUND',
    `PipelineExecutionNotFoundException: no execution ${idOrPrefix} in ${where}`,
    { details: ['codelocal executions list shows the recorded executions'] },
  );
}

/** A full id, or a unique prefix of one (like git's short hashes). */
export function resolveExecutionId(store: ExecutionStore, idOrPrefix: string): string {
  if (store.getPipelineExecution(idOrPrefix)) return idOrPrefix;
  const matches = store.matchIds('pipeline_executions', idOrPrefix);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new InputError('EXECUTION_AMBIGUOUS', `execution id ${idOrPrefix} is ambiguous`, {
      details: matches.map((m) => `could be ${m}`),
    });
  }
  throw executionNotFound(idOrPrefix, store.path);
}

/** `Stage.Action` (action names may contain dots; stage names too, so the first dot that leaves a known pair wins). */
export function splitActionRef(
  ref: string,
  known?: { stage: string; action: string }[],
): { stage: string; action: string } {
  if (known) {
    const hit = known.find((k) => `${k.stage}.${k.action}` === ref);
    if (hit) return hit;
  }
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot === ref.length - 1) {
    throw new InputError('ACTION_REF_INVALID', `expected Stage.Action, got '${ref}'`);
  }
  return { stage: ref.slice(0, dot), action: ref.slice(dot + 1) };
}
