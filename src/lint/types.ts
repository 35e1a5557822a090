/**
 * The vocabulary of `codelocal lint`: rules, findings, and the contexts rules inspect.
 * A rule never reads files itself: the linter hands it a parsed file (and what else the run found,
 * such as the CodeBuild projects that use a buildspec), so rules stay pure and fast.
 */
import type { Scalar } from 'yaml';
import type { SourcePosition } from '../errors.js';
import type { BatchSpec, Buildspec, CodeBuildProject, LoadedPipelineResult, Path, YamlSource } from '../model/index.js';
import type { PolicySet } from '../model/index.js';

/** `info` is SARIF's `note`: accepted input worth knowing about. */
export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type FileKind = 'buildspec' | 'pipeline' | 'template' | 'projects' | 'config' | 'other';

export interface RuleMeta {
  /** Stable kebab-case id, used in disable comments, the config and SARIF. */
  id: string;
  severity: Severity;
  /** Files the rule can report on. */
  kinds: readonly FileKind[];
  /** One line, shown with `--list-rules` and as SARIF shortDescription. */
  summary: string;
  /** Why it matters and how to fix it (`--explain`, docs/lint.md, SARIF fullDescription/help). */
  explanation: string;
  /** Where findings come from: the model's validators (same messages, same positions) or a lint check. */
  origin: 'validator' | 'lint';
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
}

/**
 * Reports a finding of the rule being run. `severity` overrides the rule's default for this finding
 * (a standalone buildspec gets a warning where a linked one gets an error); the config still wins.
 */
export type Report = (message: string, pos: SourcePosition | undefined, severity?: Severity) => void;

/** One command item of a buildspec phase, read from the YAML tree (works even when validation failed). */
export interface CommandItem {
  text: string;
  node: Scalar;
  pos: SourcePosition;
  phase: string;
  list: 'commands' | 'finally';
}

/** A CodeBuild project found in the same lint run that runs this buildspec. */
export interface ProjectLink {
  project: CodeBuildProject;
  /** Where the project is defined, as messages show it (`infra/template.yaml#BuildProject`). */
  where: string;
  /** Extra variable names a pipeline passes to the project (CodeBuild action EnvironmentVariables). */
  pipelineVariables: string[];
}

export interface BuildspecContext {
  file: string;
  /** The file as read: BOM and CRLF included. */
  raw: string;
  source: YamlSource;
  /** The typed buildspec when the validator accepted it. */
  spec?: Buildspec;
  /** The batch section when it has one and the batch validator accepted it. */
  batch?: BatchSpec;
  commands: CommandItem[];
  links: ProjectLink[];
  /**
   * Account ids known to be the build's own: codelocal.yml `accountId` and the account of a linked
   * project's ARN. Empty when nothing says which account runs the build.
   */
  ownAccounts: string[];
  /** Position of a character of a command: line `lineIndex` (0-based) of its text, column `col` (0-based). */
  positionIn(item: CommandItem, lineIndex: number, col: number): SourcePosition;
}

export interface PipelineContext {
  file: string;
  loaded: LoadedPipelineResult;
  positionOf(path: Path): SourcePosition | undefined;
  /** The resource policies of the template the pipeline is in (bucket, key, repository policies). */
  policies?: PolicySet;
}

/** A CloudFormation template as written (YAML tree) with the projects the loader made of it. */
export interface TemplateContext {
  file: string;
  source: YamlSource;
  projects: CodeBuildProject[];
}

export interface BuildspecRule extends RuleMeta {
  target: 'buildspec';
  check(ctx: BuildspecContext, report: Report): void;
  /** The same concern where it shows in a template's CodeBuild projects (values, images). */
  checkTemplate?(ctx: TemplateContext, report: Report): void;
}

export interface PipelineRule extends RuleMeta {
  target: 'pipeline';
  check(ctx: PipelineContext, report: Report): void;
}

/** Rules whose findings come from elsewhere (validators, directives, discovery): metadata only. */
export interface PassiveRule extends RuleMeta {
  target: 'none';
}

export type Rule = BuildspecRule | PipelineRule | PassiveRule;
