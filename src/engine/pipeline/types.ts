/**
 * The contract between the pipeline engine and its action providers (one file per provider in
 * `actions/`). A provider gets unpacked inputs, resolved configuration and empty output folders,
 * and returns a status, output variables and (optionally) artifacts it stored itself. The engine
 * owns everything around it: scheduling, variables, artifact zips, history, stop/abandon.
 *
 * Deploy providers (ECS, CodeDeployToECS, S3, CloudFormation, Lambda) plug in through the same
 * interface: `services` gives them the local S3 store, the state folder, the config and a runtime.
 */
import type { ActionDeclaration, ActionTypeId, CodeBuildProject, EnvironmentVariable } from '../../model/index.js';
import type { LoadedConfig, StateDir, Workspace } from '../../workspace/index.js';
import type { RuntimeHandle } from '../../runtime/index.js';
import type { LocalAws } from '../../local-aws/index.js';
import type { ExecutionStore, LocalS3Store } from '../../stores/index.js';
import type { SourceOverride } from '../../plan/index.js';
import type { Build, BuildDebugOptions, BuildRequest, BuildServices } from '../codebuild/index.js';

/** What an artifact holds, so consumers can refuse what they cannot use (docs/aws/codepipeline.md §2.1). */
export type ArtifactFormat = 'CODE_ZIP' | 'CODEBUILD_CLONE_REF' | 'ZIP' | 'OBJECT';

/** An artifact object in the pipeline's artifact store, as the engine tracks it. */
export interface ArtifactRecord {
  name: string;
  bucket: string;
  key: string;
  format?: ArtifactFormat;
  /** Source revision (commit id, S3 version/ETag, image digest) when the producer is a source. */
  revision?: string;
}

export interface ActionInput {
  record: ArtifactRecord;
  /** The artifact unpacked into a fresh temp folder (a CLONE_REF unpacks to its JSON file). */
  dir: string;
  /** Set when the object is not a zip (S3 source objects pass as is); `dir` is then empty. */
  unpackError?: string;
}

export interface ActionOutputSlot {
  name: string;
  /** Empty folder: files written here are zipped into the artifact unless the provider stores it itself. */
  dir: string;
  /** Pre-allocated object location (like Lambda's job data): where the zip goes. */
  bucket: string;
  key: string;
  /** `outputArtifacts[].files` (Commands action only). */
  files?: string[];
}

/** What a provider reports about one output it wrote straight to the store (CodeBuild, S3 source). */
export interface StoredOutput {
  format?: ArtifactFormat;
  revision?: string;
}

export interface ActionRevision {
  revisionId: string;
  revisionSummary?: string;
  revisionUrl?: string;
  created?: string;
}

/** A failed build's cause (failed command, its last lines, the hint), shown under the failed action. */
export type BuildFailureSummary = NonNullable<Build['codelocal']['failure']>;

export interface ActionResult {
  status: 'Succeeded' | 'Failed';
  /** CodeBuild/Commands actions: the failed build's own summary (the cause, not only the phase error). */
  failure?: BuildFailureSummary;
  /** externalExecutionSummary: a failure reason, or what happened. */
  summary?: string;
  /** A failure's codelocal error code (ACTION_NOT_EMULATED, ...): recorded as errorDetails.code. */
  errorCode?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  /** Variables the action produces (visible in history even without a namespace, §2.1). */
  outputVariables?: Record<string, string>;
  /** Outputs the provider wrote to their slot's bucket/key itself; the others are zipped from `dir`. */
  stored?: Record<string, StoredOutput>;
  /** The format of outputs zipped from `dir` (default ZIP). */
  formats?: Record<string, ArtifactFormat>;
  /** Source actions: the revision of their output artifact (artifactRevisions of the execution). */
  revision?: ActionRevision;
}

/** Time, injectable so approval timeouts are testable (§8.22). */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** A decision made up front with `--approve` / `--reject` (or by a test). */
export type ApprovalDecision = { status: 'Approved' | 'Rejected'; summary?: string };

/** One CodeBuild build for an action (CodeBuild, Commands), run by the build engine in the pipeline's workspace. */
export interface PipelineBuild {
  /** The primary input's folder (CODEBUILD_SRC_DIR). */
  sourceDir: string;
  project: CodeBuildProject;
  /** Inline buildspec (Commands); otherwise the project's, else buildspec.yml of the primary source. */
  buildspec?: string;
  /** The action's EnvironmentVariables: start-build overrides, above project and buildspec. */
  envOverrides: EnvironmentVariable[];
  /** initiator, source versions, secondary sources, pipeline layout, artifact targets. */
  request: Partial<BuildRequest>;
  output: (text: string) => void;
  signal: AbortSignal;
}

/** Shared services a provider may use; everything heavy is created on first use. */
export interface ActionServices {
  /** The container runtime, opened on first call (so approval-only runs never need Docker). */
  runtime: RuntimeHandle;
  /** The project the run opened (config, state folder, stubs, masker); builds run in it. */
  workspace: Workspace;
  /** The run's local AWS stand-ins (docs/local-aws.md): builds get their endpoint, deploy actions their registry and network. */
  localAws: LocalAws;
  /** What the API adds to every build of the run: debug session records (none in bare engine use). */
  buildHooks?: {
    debug?: BuildDebugOptions;
    afterBuild?: BuildServices['afterBuild'];
    buildStarted?: BuildServices['buildStarted'];
  };
  s3: LocalS3Store;
  state: StateDir;
  config: LoadedConfig;
  store: ExecutionStore;
  accountId: string;
  region: string;
  /** CodeBuild projects by name (template, --projects files, config `projects:`). */
  projects: Map<string, CodeBuildProject>;
  /** By source action name (`--source Action=PATH[@REF]`). */
  sourceOverrides: Record<string, SourceOverride>;
  /** The folder git sources read when no override names one (the current folder). */
  cwd: string;
  clock: Clock;
  /** `--approve` / `--reject` decisions by `Stage.Action` (`*` = every approval). */
  approvals: Record<string, ApprovalDecision>;
  /** Asks on the terminal; undefined when there is none (CLI wires it, library users may). */
  prompt?: (question: string, signal: AbortSignal) => Promise<boolean | undefined>;
  /** How often approvals poll the store for a decision from another terminal, ms. */
  approvalPollMs: number;
}

export interface ActionContext {
  pipelineName: string;
  pipelineVersion: number;
  executionId: string;
  stageName: string;
  actionName: string;
  actionExecutionId: string;
  declaration: ActionDeclaration;
  /** Configuration after variable resolution (the raw one is `declaration.configuration`). */
  configuration: Record<string, string>;
  /** Commands action: `commands` after variable resolution. */
  commands?: string[];
  /** Commands action: `environmentVariables` after variable resolution. */
  environmentVariables?: { name: string; value: string; type?: string }[];
  inputs: ActionInput[];
  outputs: ActionOutputSlot[];
  /** A line for the action's log (and the live view). */
  log(line: string): void;
  /** A line the user must see even in the redrawn live view (also written to the action's log). */
  notice?(line: string): void;
  /** Raw output (a build's log stream), written as is. */
  output(text: string): void;
  /** Aborted when the execution is stopped with abandon: kill what runs and return. */
  signal: AbortSignal;
  services: ActionServices;
}

export interface ActionProvider {
  /** `Category/Owner/Provider/Version`, as actionTypeKey() spells it. */
  readonly types: readonly ActionTypeId[];
  /** May consume CODEBUILD_CLONE_REF artifacts (only CodeBuild, docs/aws/codepipeline.md §2.1). */
  readonly acceptsCloneRef?: boolean;
  run(ctx: ActionContext): Promise<ActionResult>;
}
