/**
 * The build record: one object holding everything a build knows while it runs (identity, log,
 * phase record, variables, scripts, container, agent session, status). Every step of the phase
 * machine (build-runner.ts) reads and writes this record instead of sharing local variables, so
 * each step is a small function that can be read, and tested, on its own.
 */
import type { Buildspec, CodeBuildProject, PhaseName } from '../../model/index.js';
import type { Container } from '../../runtime/index.js';
import type { Readable } from 'node:stream';
import type { AgentSession } from './agent-session.js';
import type { BuildIdentity, SourceLayout } from './build-context.js';
import type { BuildDeps, ResolvedBuildInput } from './build-deps.js';
import type { BuildLog } from './build-log.js';
import type { Build, BuildArtifactsResult, BuildRequest, PhaseContext, StatusType } from './build-types.js';
import type { Deadline } from './deadline.js';
import type { MergedEnvironment } from './environment.js';
import type { PhaseRecord } from './phase-record.js';
import type { CommandExecutor, PhaseScripts } from './phase-runner.js';
import type { RuntimeSelection } from './runtime-versions.js';
import type { ScriptEntry, ScriptTable } from './script-table.js';

/** Runs one script through the agent and hands back its status and (tail of) output. */
export type BuildExecutor = CommandExecutor & {
  run(entry: ScriptEntry, runAs: string | undefined): Promise<{ status: number; output: string }>;
};

/** Every script the agent may run in this build, generated before the container exists. */
export interface BuildScripts {
  table: ScriptTable;
  phases: Map<PhaseName, PhaseScripts>;
  /** Prints the buildspec's exported-variables (docs/aws/codebuild.md §2.7). */
  exportScript?: ScriptEntry;
  /** Shell-evaluated artifact names, by identifier ('' for the primary). */
  names: Map<string, ScriptEntry>;
  cacheKey?: ScriptEntry;
  /** The failure hold of `--hold-on-failure`. */
  hold?: ScriptEntry;
  /** Sources env0.sh again in a reused container, so this build's variables win. */
  refreshEnv?: ScriptEntry;
  /** Runtime-version commands (install phase `runtime-versions`), filled once runtimes.yml is read. */
  runtimes: { selection: RuntimeSelection; entries: ScriptEntry[] }[];
}

/** The failing command DOWNLOAD_SOURCE ran (a runtime-version command), for the failure summary. */
export interface CommandFailure {
  command: string;
  exitCode: number;
  output: string;
}

export interface BuildRun {
  readonly input: ResolvedBuildInput;
  readonly deps: BuildDeps;
  readonly request: BuildRequest;
  readonly buildspec: Buildspec;
  readonly project: CodeBuildProject;
  readonly identity: BuildIdentity;
  readonly log: BuildLog;
  readonly record: PhaseRecord;
  readonly warnings: string[];
  readonly layout: SourceLayout;
  /** The engine's size, asked for when the build opens so the answer is in before the container is made. */
  readonly engineSize: Promise<{ memoryBytes: number; cpus: number } | undefined>;
  readonly privileged: boolean;
  /** `--keep` or `--reuse`: the container outlives the build, its agent left waiting. */
  readonly keep: boolean;
  readonly shell: string;
  /** Buildspec 0.2 keeps shell state between commands; 0.1 starts each from the initial one. */
  readonly mode: 'keep' | 'fresh';
  readonly nonce: string;
  /** Phases chosen with --phase/--from-phase; undefined means all. */
  readonly selected?: Set<PhaseName>;
  readonly merged: MergedEnvironment;
  /** The build's variables with secrets resolved (those that resolved). */
  readonly env: Record<string, string>;
  readonly hasSecretVars: boolean;
  readonly scripts: BuildScripts;

  container?: Container;
  /** The labelled volume holding a privileged build's inner /var/lib/docker, removed with the build. */
  dindVolume?: string;
  /** The container was started (so an AutoRemove container removes itself once its agent quits). */
  started: boolean;
  session?: AgentSession;
  /**
   * The files of a new container, sent when its bootstrap asks (files-delivery.ts); unset once sent. `staged`:
   * the in-memory folder's files under STAGED_MEMORY_DIR, for an upload through the engine.
   */
  filesArchive?: (staged: boolean) => Readable;
  deadline?: Deadline;
  /** Listens on the request's AbortSignal while the container runs. */
  onAbort?: () => void;
  executor?: BuildExecutor;
  /** The phase type running now, for --shell-on-failure. */
  currentPhase: string;
  /** DOWNLOAD_SOURCE's failure: a secret that did not resolve, a bad runtime selection or command. */
  downloadError?: PhaseContext;
  runtimeFailure?: CommandFailure;
  cacheKey?: string;

  status: StatusType;
  stopReason?: 'TIMED_OUT' | 'STOPPED';
  /** The agent or its container failed under us (CLIENT_ERROR): the build ends FAULT. */
  fault?: boolean;
  /** Some phase failed (the build ends FAILED unless stopped or faulted). */
  anyFailed: boolean;
  failure?: Build['codelocal']['failure'];
  exported: { name: string; value: string }[];
  artifacts: { primary?: BuildArtifactsResult; secondary: BuildArtifactsResult[]; reports: unknown[] };
  /** Set by the last main step; what executeBuild returns. */
  result?: Build;
}

/** Closes the open phase with CodeBuild's two log lines (status, then context). */
export function endPhase(run: BuildRun, phaseType: string, status: StatusType, context?: PhaseContext): void {
  run.log.container(`Phase complete: ${phaseType} State: ${status}`);
  run.log.container(`Phase context status code: ${context?.statusCode ?? ''} Message: ${context?.message ?? ''}`);
  run.record.end(status, context);
}
