/**
 * The vocabulary of `codelocal check`: what it checks (items), how each went (steps, status) and the
 * options steering it. Kept apart so the report writers and the CLI renderers need only these types.
 */
import type { CodeBuildProject } from '../../model/index.js';
import type { ContainerRuntime } from '../../runtime/index.js';
import type { Finding, LintResult } from '../../lint/index.js';

export type CheckItemKind = 'buildspec' | 'pipeline' | 'template' | 'projects';

/** One thing `check` reports on: a buildspec, a pipeline definition, a template or a project file. */
export interface CheckItem {
  kind: CheckItemKind;
  /** Relative to the folder check ran in, `/`-separated: the stable key of sharding and reports. */
  file: string;
  abs: string;
  /** Buildspecs: the folder the build copies as its primary source. */
  sourceRoot?: string;
  /** Buildspecs: the buildspec path relative to `sourceRoot`. */
  buildspec?: string;
  /** Buildspecs: the project that runs it (first linked one), whose settings the build uses. */
  project?: CodeBuildProject;
  /** Where that project is defined, as lint shows it (`infra/template.yaml#BuildProject`). */
  projectWhere?: string;
  /** Buildspecs: a pipeline runs its project, so its build gets the local AWS stand-ins as pipeline builds do. */
  pipelineRun?: boolean;
  /** Files (relative like `file`) whose change also selects this item under `--changed-since`. */
  dependsOn: string[];
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** A step of an item: `lint`, `plan`, then with `--run` one per build phase. */
export interface CheckStep {
  name: string;
  status: CheckStatus;
  durationMs: number;
  /** One line: what the step found or did (a phase's status, the plan's size). */
  detail?: string;
}

export interface CheckItemResult {
  item: CheckItem;
  status: CheckStatus;
  steps: CheckStep[];
  /** Lint findings of this file. */
  findings: Finding[];
  /** Why it failed, in a few lines: the first lint error, the plan error, or the build's failure summary. */
  failure?: string;
  /** Why it was skipped (fail-fast stopped the run before it started). */
  skipped?: string;
  durationMs: number;
  buildId?: string;
  buildStatus?: string;
  /** The build's log (with `--run`), masked as the build log is. */
  log?: string;
  /** The error that kept the build from running (no engine, no image): the CLI exits with its kind. */
  error?: unknown;
}

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export interface CheckOptions {
  /** Files or folders (lint's discovery); default the current folder. */
  paths?: readonly string[];
  /** Default process.cwd(). */
  cwd?: string;
  /** Run each buildspec as a build. */
  run?: boolean;
  /** Builds at once with `run` (default 2). */
  maxParallel?: number;
  /** Stop at the first failed item: running builds are stopped, the rest skipped. */
  failFast?: boolean;
  /** Only items a git diff from this ref (plus uncommitted changes) touches. */
  changedSince?: string;
  shard?: Shard;
  stateDir?: string;
  stubFiles?: string[];
  /** Give every build the local AWS stand-ins (`build --local-aws`); pipeline-run buildspecs always get them. */
  localAws?: boolean;
  imageMap?: Record<string, string>;
  /** A runtime to use (tests); otherwise one is opened for the whole check and cleaned up. */
  runtime?: ContainerRuntime;
  /** Progress: called when an item starts and ends. */
  onItem?: (event: 'start' | 'end', result: CheckItemResult) => void;
  signal?: AbortSignal;
}

export interface CheckResult {
  /** Absolute folder item paths are relative to. */
  cwd: string;
  items: CheckItemResult[];
  /** Lint's result over every discovered file (its findings restricted to the selected items). */
  lint: LintResult;
  counts: Record<CheckStatus, number>;
  /** Items discovered before `--changed-since` and `--shard` narrowed them. */
  discovered: number;
  shard?: Shard;
  changedSince?: string;
  ran: boolean;
  durationMs: number;
}
