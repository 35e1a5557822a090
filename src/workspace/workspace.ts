/**
 * A project opened once per API call: its root, `codelocal.yml`, state folder, stubs and secret
 * masker. Builds, batches, pipelines and the debug commands all start here, so "which config and
 * which state folder apply" is decided in one place, and a pipeline's builds share what the
 * pipeline already opened instead of reading it all again.
 *
 * Opening reads files only: folders and the history database are created by the writers that need
 * them (`state.ensure()`, `openHistory`), so read-only commands leave the project untouched.
 */
import { resolve } from 'node:path';
import { ExecutionStore, LocalS3Store, SecretMasker, type StubSources, StubStore } from '../stores/index.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { findProjectRoot } from './project-root.js';
import { sweepProcessTemp } from './process-tmp.js';
import { StateDir, resolveStateDirPath } from './state-dir.js';

export interface WorkspaceOptions {
  /** The folder the call acts in (a build's source folder, a pipeline's current folder); default the current one. */
  cwd?: string;
  /** The project root whose codelocal.yml, stubs and state folder apply (default: found upward from `cwd`). */
  projectRoot?: string;
  /** `--state-dir`, relative to `stateDirBase`. */
  stateDir?: string;
  /** What a relative `stateDir` is relative to (default the process's current folder, as typed on a command line). */
  stateDirBase?: string;
  /** `--stubs` files, read after the config's (relative to the project root). */
  stubFiles?: readonly string[];
  /** `--parameter NAME=VALUE` stubs, by name. */
  parameters?: Record<string, string>;
  /** `--secret ID=VALUE` stubs, by secret id. */
  secrets?: Record<string, string>;
}

export interface Workspace {
  /** The folder the call acts in (absolute). Pipelines read git sources here. */
  cwd: string;
  projectRoot: string;
  config: LoadedConfig;
  state: StateDir;
  /** Every secret value resolved during the call is registered here, so logs and results hide it. */
  masker: SecretMasker;
  /** Where stubs come from (for the local AWS stand-ins, which keep their own view of them). */
  stubSources: StubSources;
  /** The parameter and secret stubs, read on first use and then kept (one read per call). */
  stubs(): StubStore;
}

export function openWorkspace(options: WorkspaceOptions = {}): Workspace {
  const cwd = resolve(options.cwd ?? process.cwd());
  const projectRoot = options.projectRoot ? resolve(options.projectRoot) : findProjectRoot(cwd);
  const config = loadConfig(projectRoot);
  const statePath = resolveStateDirPath({
    projectRoot,
    flag: options.stateDir,
    config: config.config.stateDir,
    cwd: options.stateDirBase,
  });
  const state = new StateDir(statePath.path, statePath.source);
  const masker = new SecretMasker();
  const stubSources: StubSources = {
    projectRoot,
    stateDir: state.root,
    files: [...config.config.stubs, ...(options.stubFiles ?? [])],
    parameters: assignments(options.parameters),
    secrets: assignments(options.secrets),
  };
  let stubs: StubStore | undefined;
  return {
    cwd,
    projectRoot,
    config,
    state,
    masker,
    stubSources,
    stubs: () => (stubs ??= StubStore.load({ ...stubSources, masker })),
  };
}

/**
 * Opens the execution history (creating the state folder: opening it is a write) with secrets
 * masked. Every opening first closes runs whose process vanished (SIGKILL, crash: builds FAULT,
 * executions Failed) and removes dead processes' temp folders, so nothing stays "in progress"
 * forever whichever command comes next. `closeOrphans: false` skips both (tests).
 */
export function openHistory(ws: Workspace, options: { closeOrphans?: boolean } = {}): ExecutionStore {
  ws.state.ensure();
  const store = ExecutionStore.open(ws.state.executionsDb, { redact: (s) => ws.masker.mask(s) });
  if (options.closeOrphans !== false) {
    store.markOrphans();
    sweepProcessTemp(ws.state);
    new LocalS3Store(ws.state.s3Root).sweepTmp();
  }
  return store;
}

/** The stub readers take `NAME=VALUE` texts (split at the first `=`, so this is lossless). */
function assignments(values: Record<string, string> | undefined): string[] | undefined {
  return values && Object.entries(values).map(([k, v]) => `${k}=${v}`);
}
