/**
 * What every pipeline API call needs first: the project root of the folder it runs in, its
 * config, the state folder, and the execution history (with runs whose process vanished closed).
 */
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { loadConfig, type LoadedConfig } from '../config.js';
import { ExecutionStore } from '../stores/execution-store.js';
import { StateDir, findProjectRoot, resolveStateDirPath } from '../stores/state-dir.js';

export interface StateOptions {
  /** The folder to act in (default the current one): project root, config and git sources start here. */
  cwd?: string;
  /** `--state-dir`. */
  stateDir?: string;
}

export interface PipelineContext {
  cwd: string;
  config: LoadedConfig;
  state: StateDir;
}

export function pipelineContext(options: StateOptions = {}): PipelineContext {
  const cwd = resolve(options.cwd ?? process.cwd());
  const projectRoot = findProjectRoot(cwd);
  const config = loadConfig(projectRoot);
  const path = resolveStateDirPath({ projectRoot, flag: options.stateDir, config: config.config.stateDir, cwd });
  return { cwd, config, state: new StateDir(path.path, path.source) };
}

/** Opens the history (creating the state folder) and closes runs whose process is gone. */
export function openHistory(ctx: PipelineContext): ExecutionStore {
  ctx.state.ensure();
  const store = ExecutionStore.open(ctx.state.executionsDb);
  store.markOrphans();
  return store;
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
  throw new InputError(
    'PIPELINE_EXECUTION_NOT_FOUND',
    `PipelineExecutionNotFoundException: no execution ${idOrPrefix} in ${store.path}`,
    { details: ['codelocal executions list shows the recorded executions'] },
  );
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
