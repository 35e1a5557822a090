/**
 * Public API for checking and planning a pipeline file without running it
 * (`codelocal pipeline validate` / `plan`), and the one plan a run executes and `--dry-run`
 * prints (planRun). Running lives elsewhere (runPipeline).
 */
import { InputError, ValidationError } from '../errors.js';
import {
  type CodeBuildProject,
  type LoadedPipelineResult,
  loadPipeline,
  type LoadPipelineOptions,
  type PipelineWarning,
  readPipeline,
} from '../model/index.js';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  planPipeline,
  type PartialRunOptions,
  type PipelinePlan,
  type PlanPipelineOptions,
  type SourceOverride,
} from '../plan/index.js';
import { pipelineContext, type PipelineContext, type StateOptions } from './pipeline-context.js';
import { collectProjects, workspaceTemplateOptions } from './pipeline-services.js';
import { accountPolicies } from './account-policies.js';

export interface PipelineValidationReport {
  /** The file as given (without `#LogicalId`). */
  file: string;
  valid: boolean;
  /** Present when the file could be read as a pipeline. */
  loaded?: LoadedPipelineResult;
  errors: InputError[];
  warnings: PipelineWarning[];
}

/**
 * Every problem of a pipeline file, including unreadable YAML and template errors, as one report.
 * Only a missing file (or another non-validation input error) throws.
 */
export function validatePipelineFile(ref: string, options: LoadPipelineOptions = {}): PipelineValidationReport {
  const file = ref.replace(/#[^#]+$/, '');
  try {
    const { loaded, errors } = readPipeline(ref, options);
    return { file: loaded.file, valid: errors.length === 0, loaded, errors, warnings: loaded.warnings };
  } catch (e) {
    // One template value can fail twice (resolved for the pipeline and for a project it names): said once.
    if (e instanceof ValidationError) return { file, valid: false, errors: distinct(e.problems), warnings: [] };
    if (e instanceof InputError && e.position) return { file, valid: false, errors: [e], warnings: [] };
    throw e;
  }
}

function distinct<T extends { describe(): string }>(problems: T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.describe()) && (seen.add(p.describe()), true));
}

export interface PlanFileOptions extends LoadPipelineOptions, PlanPipelineOptions, StateOptions {
  /** `--projects`: batch-get-projects JSON or templates defining CodeBuild projects. */
  projectFiles?: string[];
}

/**
 * Loads (throwing a ValidationError when invalid) and plans, with the project's codelocal.yml
 * (region, account, `projects:`) as `pipeline run` uses it, so `pipeline plan` shows the plan the
 * run executes.
 */
export function planPipelineFile(ref: string, options: PlanFileOptions = {}): PipelinePlan {
  const ctx = pipelineContext(options);
  const workspace = workspaceTemplateOptions(ctx);
  const report = validatePipelineFile(ref, {
    ...options,
    ...workspace,
    region: options.region ?? ctx.config.config.region,
    accountId: options.accountId ?? workspace.accountId,
  });
  if (!report.valid || !report.loaded) throw new ValidationError(report.errors);
  return planLoaded(ctx, report.loaded, options).plan;
}

export interface RunPlanOptions extends PartialRunOptions {
  /** get-pipeline JSON or a CloudFormation template (`file#LogicalId`). */
  file: string;
  variables?: Record<string, string>;
  projectFiles?: string[];
  parameterOverrides?: Record<string, string>;
  region?: string;
  sourceOverrides?: Record<string, SourceOverride>;
}

export interface RunPlan {
  loaded: LoadedPipelineResult;
  plan: PipelinePlan;
  region: string;
  projects: Map<string, CodeBuildProject>;
}

/** Projects as a run sees them (template, config `projects:`, --projects files, then given ones) and the plan. */
function planLoaded(
  ctx: PipelineContext,
  loaded: LoadedPipelineResult,
  o: PlanPipelineOptions & { projectFiles?: string[]; parameterOverrides?: Record<string, string> },
): { plan: PipelinePlan; projects: Map<string, CodeBuildProject> } {
  const projects = new Map([
    ...collectProjects(ctx, loaded.projects, o.projectFiles ?? []),
    ...(o.projects ?? new Map<string, CodeBuildProject>()),
  ]);
  const plan = planPipeline(loaded, {
    variables: o.variables,
    projects,
    sourceOverrides: o.sourceOverrides,
    skip: o.skip,
    until: o.until,
    artifactDirs: artifactFolders(ctx, o.artifactDirs ?? {}),
    policies: o.policies ?? accountPolicies(ctx, loaded, o.parameterOverrides),
  });
  return { plan, projects };
}

/** `--artifact NAME=DIR`: each folder must exist; kept absolute, so a retry finds it again. */
function artifactFolders(ctx: PipelineContext, dirs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, dir] of Object.entries(dirs)) {
    const abs = resolve(ctx.cwd, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new InputError('FLAG_INVALID', `--artifact ${name}=${dir}: ${abs} is not a folder`);
    }
    out[name] = abs;
  }
  return out;
}

/** The PipelinePlan `pipeline run` executes and `pipeline run --dry-run` prints: built once, here. */
export function planRun(ctx: PipelineContext, o: RunPlanOptions): RunPlan {
  const region = o.region ?? ctx.config.config.region;
  const loaded = loadPipeline(o.file, {
    ...workspaceTemplateOptions(ctx),
    region,
    parameterOverrides: o.parameterOverrides,
  });
  return { loaded, region: loaded.region, ...planLoaded(ctx, loaded, o) };
}
