/**
 * What a build is asked to do, and the result in the shape of CodeBuild's `BatchGetBuilds` Build
 * (so scripts written against AWS read ours).
 */
import type { CodeBuildProject, EnvironmentVariable, PhaseName } from '../../model/index.js';
import type { LogSink } from './build-log.js';
import type { BuildDebugOptions, ReuseTarget } from './debug-types.js';

export interface SecondarySourceInput {
  identifier: string;
  /** Host folder with the source. */
  dir: string;
  sourceVersion?: string;
  repoUrl?: string;
}

export interface ArtifactTarget {
  bucket: string;
  key: string;
}

export interface BuildRequest {
  /** Host folder of the primary source. */
  sourceDir: string;
  secondarySources?: SecondarySourceInput[];
  /** Buildspec override: inline YAML, a path relative to the source, or an absolute host path. */
  buildspec?: string;
  project?: CodeBuildProject;
  /** Project name when no project is given (default: the source folder's name). */
  projectName?: string;
  /** Image override (AWS name or local image). */
  image?: string;
  privileged?: boolean;
  /** Start-build overrides (`--env`, a pipeline action's EnvironmentVariables). Highest precedence. */
  envOverrides?: EnvironmentVariable[];
  timeoutInMinutes?: number;
  /** Tests and benches: a timeout in seconds wins over minutes. */
  timeoutSeconds?: number;
  /** Bind-mount the source instead of copying it (local agent's -m). */
  bind?: boolean;
  /** Also unpack the primary artifact here (local agent's -a). */
  artifactsDir?: string;
  /** Write parsed reports here (local agent's -r). */
  reportsDir?: string;
  initiator?: string;
  sourceVersion?: string;
  resolvedSourceVersion?: string;
  sourceRepoUrl?: string;
  /** Pipeline layout: sources at src/s3/00, s3/01... (docs/aws/codebuild.md §3 "Source directory shapes"). */
  pipelineLayout?: boolean;
  /** Where artifacts go; defaults to the local S3 `codelocal-artifacts` bucket. */
  artifactTargets?: { primary?: ArtifactTarget; secondary?: Record<string, ArtifactTarget> };
  /** Live log output (the `[Container]` lines and command output, masked). */
  output?: LogSink;
  /** Abort to stop the build (status STOPPED). */
  signal?: AbortSignal;
  /** Keep the container after the build (debugging): labelled keep, its agent left waiting. */
  keep?: boolean;
  /** Debugging hooks: shell on failure, breakpoints, session records (docs/debugging.md). */
  debug?: BuildDebugOptions;
  /** Run only these phases (`--phase`, `--from-phase`); the others are skipped, not run. */
  phases?: PhaseName[];
  /** Run in this kept container instead of a new one (`--reuse`); implies keep. */
  reuse?: ReuseTarget;
  /** Image name mappings (`--image-map`), AWS name → local image. */
  imageMap?: Record<string, string>;
  /** Values for parameter-store and secrets-manager variables (`--parameter`, `--secret`). */
  parameters?: string[];
  secrets?: string[];
  stubFiles?: string[];
  /** State folder override. */
  stateDir?: string;
  /**
   * With a bind-mounted source: host paths inside it the build must not see (the state folder, stub
   * files): covered by empty read-only mounts in the container (bind-hidden.ts) and skipped by the
   * host-side walks of artifacts, reports and caches. Set by the caller that knows the workspace.
   */
  hiddenFromBind?: string[];
  /** Skip restoring/saving cache.paths. */
  noCache?: boolean;
  /**
   * Copy sources exactly as they are (no .gitignore/.codelocalignore filtering). Pipelines set it:
   * an input artifact is already what CodePipeline hands over, ignore files inside it included.
   */
  copySourcesAsIs?: boolean;
  /** Links the build to the pipeline execution that ran it (history). */
  pipelineExecutionId?: string;
  /** Set for the builds of a batch: CODEBUILD_BATCH_BUILD_IDENTIFIER (docs/aws/codebuild.md §7.1). */
  batchBuildIdentifier?: string;
}

export type StatusType = 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'TIMED_OUT' | 'IN_PROGRESS' | 'STOPPED';

export interface PhaseContext {
  statusCode: string;
  message: string;
}

export interface BuildPhase {
  phaseType: string;
  phaseStatus?: StatusType;
  startTime: string;
  endTime?: string;
  durationInSeconds?: number;
  contexts?: PhaseContext[];
}

export interface BuildArtifactsResult {
  location: string;
  sha256sum?: string;
  md5sum?: string;
  artifactIdentifier?: string;
  /** Local additions: the object's path on disk, and the unpacked folder if any. */
  localPath?: string;
  unpackedTo?: string;
}

export interface Build {
  id: string;
  arn: string;
  buildNumber: number;
  startTime: string;
  endTime?: string;
  currentPhase: string;
  buildStatus: StatusType;
  sourceVersion?: string;
  resolvedSourceVersion?: string;
  projectName: string;
  phases: BuildPhase[];
  source: { type: string; location?: string; buildspec?: string };
  secondarySources: { type: string; location?: string; sourceIdentifier: string }[];
  artifacts?: BuildArtifactsResult;
  secondaryArtifacts: BuildArtifactsResult[];
  cache: { type: string; modes?: string[] };
  environment: {
    type: string;
    image: string;
    computeType: string;
    privilegedMode: boolean;
    environmentVariables: EnvironmentVariable[];
  };
  logs: { groupName?: string; streamName: string; deepLink: string; path: string };
  timeoutInMinutes: number;
  buildComplete: boolean;
  initiator: string;
  exportedEnvironmentVariables: { name: string; value: string }[];
  reportArns: string[];
  /** Local additions, not in the AWS shape. */
  codelocal: {
    localImage: string;
    privilegedStrategy?: string;
    reports: unknown[];
    warnings: string[];
    failure?: { phase: string; command?: string; exitCode?: number; hint?: string; lastLines: string[] };
  };
}
