/**
 * The typed buildspec, as the parser (src/model/buildspec.ts) produces it from YAML.
 * Every node keeps the position it came from so later stages (engine, lint) can point at it.
 * Reference: codebuild.md section 1 (UG:build-spec-ref).
 */
import type { SourcePosition, WarningCode } from '../errors.js';

export type PhaseName = 'install' | 'pre_build' | 'build' | 'post_build';
export const PHASE_NAMES: PhaseName[] = ['install', 'pre_build', 'build', 'post_build'];
/** The API's phaseType for each buildspec phase. */
export const PHASE_TYPES: Record<PhaseName, string> = {
  install: 'INSTALL',
  pre_build: 'PRE_BUILD',
  build: 'BUILD',
  post_build: 'POST_BUILD',
};

export interface Located<T> {
  value: T;
  pos: SourcePosition;
}

/** A command item: the exact text the user wrote (multi-line `|` items keep their newlines). */
export interface BuildspecCommand {
  text: string;
  pos: SourcePosition;
}

/** on-failure: ABORT | CONTINUE | RETRY | RETRY-<count> | RETRY-<regex> | RETRY-<count>-<regex> */
export type OnFailure = { kind: 'ABORT' } | { kind: 'CONTINUE' } | { kind: 'RETRY'; count: number; regex?: string };

export interface BuildspecPhase {
  name: PhaseName;
  pos: SourcePosition;
  runAs?: string;
  onFailure?: OnFailure;
  /** Only on install (elsewhere it is a validation error). Values are strings as written. */
  runtimeVersions?: Record<string, Located<string>>;
  commands: BuildspecCommand[];
  finally: BuildspecCommand[];
}

export interface ArtifactSpec {
  /** Identifier for secondary artifacts; undefined for the primary. */
  identifier?: string;
  files: Located<string>[];
  name?: string;
  discardPaths: boolean;
  baseDirectory?: string;
  excludePaths: string[];
  enableSymlinks: boolean;
  s3Prefix?: string;
  pos: SourcePosition;
}

export type ReportFileFormat =
  | 'JUNITXML'
  | 'CUCUMBERJSON'
  | 'NUNITXML'
  | 'NUNIT3XML'
  | 'TESTNGXML'
  | 'VISUALSTUDIOTRX'
  | 'CLOVERXML'
  | 'COBERTURAXML'
  | 'JACOCOXML'
  | 'SIMPLECOV';

export interface ReportSpec {
  /** Group name or ARN as written. */
  name: string;
  files: string[];
  baseDirectory?: string;
  discardPaths: boolean;
  fileFormat: ReportFileFormat;
  pos: SourcePosition;
}

export interface CacheSpec {
  paths: string[];
  key?: string;
  fallbackKeys: string[];
  action?: 'restore' | 'save';
  pos: SourcePosition;
}

export interface BuildspecEnv {
  shell?: string;
  /** Plain variables (0.1's environment_variables/plaintext land here too). Values are strings. */
  variables: Record<string, string>;
  parameterStore: Record<string, string>;
  secretsManager: Record<string, string>;
  exportedVariables: string[];
  gitCredentialHelper: boolean;
}

export interface Buildspec {
  /** '0.1' or '0.2' */
  version: '0.1' | '0.2';
  /** Where it came from: a file path, or '<inline>' for project-embedded buildspecs. */
  file: string;
  /** Path shown in the `YAML location is ...` line. */
  runAs?: string;
  env: BuildspecEnv;
  /** Phases in execution order; only those present in the file. */
  phases: BuildspecPhase[];
  artifacts?: ArtifactSpec;
  secondaryArtifacts: ArtifactSpec[];
  reports: ReportSpec[];
  cache?: CacheSpec;
  /** Raw batch section (batch builds are not run by `codelocal build` yet). */
  batch?: unknown;
  /** Non-fatal findings (the CLI prints them; lint reports them as warnings). */
  warnings: BuildspecWarning[];
}

/** A problem CodeBuild accepts (its code's kind is `warning` in the catalogue, src/errors.ts). */
export interface BuildspecWarning {
  code: WarningCode;
  message: string;
  pos: SourcePosition;
}
