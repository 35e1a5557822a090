/**
 * What the build runner needs from the outside world, as one object, so that the runner stays
 * free of store and image details (and tests can substitute any part). src/api/build.ts wires
 * the real implementations.
 */
import type { Buildspec, CodeBuildProject, EnvironmentVariableType } from '../../model/index.js';
import type { Container, ContainerRuntime, VolumeMount } from '../../runtime/index.js';
import type { GitHead } from '../source/index.js';
import type { BuildIdentity } from './build-context.js';
import type { TextMasker } from './build-log.js';
import type { Build, BuildArtifactsResult, BuildRequest, PhaseContext, StatusType } from './build-types.js';
import type { MergedEnvironment } from './environment.js';
import type { PhaseRecord } from './phase-record.js';

/** A request after the input stage: buildspec parsed, project and image settled. */
export interface ResolvedBuildInput {
  request: BuildRequest;
  buildspec: Buildspec;
  project: CodeBuildProject;
  /** The image name as the project states it (CODEBUILD_BUILD_IMAGE). */
  requestedImage: string;
  /** The local image that actually runs. */
  localImage: string;
  /** Which local image serves the AWS name and its distribution, when it is not the image asked for (a log line). */
  imageLine?: string;
  /** Set when the buildspec came inline (project or override): its text. */
  inlineBuildspecText?: string;
  /** Where the buildspec file sits inside the container, given CODEBUILD_SRC_DIR. */
  buildspecContainerPath(srcDir: string): string;
  git?: GitHead;
  /** Named volumes to mount (Docker layer cache...). */
  volumes: VolumeMount[];
}

export interface CacheArgs {
  container: Container;
  buildspec: Buildspec;
  project: CodeBuildProject;
  srcDir: string;
  key?: string;
  log(message: string): void;
}

export interface UploadArgs {
  container: Container;
  buildspec: Buildspec;
  project: CodeBuildProject;
  identity: BuildIdentity;
  srcDir: string;
  /** Shell-evaluated artifact names by identifier ('' for the primary). */
  names: Record<string, string>;
  request: BuildRequest;
  log(message: string): void;
}

export interface UploadOutcome {
  primary?: BuildArtifactsResult;
  secondary: BuildArtifactsResult[];
  reports: unknown[];
  error?: PhaseContext;
}

export interface BuildResultArgs {
  identity: BuildIdentity;
  request: BuildRequest;
  project: CodeBuildProject;
  buildspec: Buildspec;
  input: ResolvedBuildInput;
  record: PhaseRecord;
  status: StatusType;
  exported: { name: string; value: string }[];
  artifacts: { primary?: BuildArtifactsResult; secondary: BuildArtifactsResult[]; reports: unknown[] };
  env: MergedEnvironment;
  warnings: string[];
  failure?: Build['codelocal']['failure'];
  logPath: string;
}

export interface BuildDeps {
  runtime: ContainerRuntime;
  accountId: string;
  region: string;
  masker: TextMasker;
  nextBuildNumber(project: string): number;
  /** The build has its id, before any container exists: history writes its IN_PROGRESS row now. */
  buildStarted?(identity: BuildIdentity): void;
  logPath(identity: BuildIdentity): string;
  /** Resolves a PARAMETER_STORE or SECRETS_MANAGER value, or the DOWNLOAD_SOURCE context of its failure. */
  resolveValue(type: EnvironmentVariableType, ref: string): { value: string } | { error: PhaseContext };
  restoreCache(args: CacheArgs): Promise<void>;
  saveCache(args: CacheArgs): Promise<void>;
  uploadArtifacts(args: UploadArgs): Promise<UploadOutcome>;
  buildResult(args: BuildResultArgs): Build;
  /** A one-line notice for the user (not part of the build log). */
  notice(message: string): void;
}
