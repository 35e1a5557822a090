/**
 * Public API for checking and planning a pipeline file without running it
 * (`codelocal pipeline validate` / `plan`), and the one plan a run executes and `--dry-run`
 * prints (planRun). Running lives elsewhere (runPipeline).
 */
import { InputError, ValidationError } from '../errors.js';
import { loadPipeline, readPipeline, type LoadPipelineOptions, type LoadedPipelineResult } from '../model/pipeline.js';
import type { PipelineWarning } from '../model/pipeline-diagnostics.js';
import type { CodeBuildProject } from '../model/project-types.js';
import {
  planPipeline,
  type PipelinePlan,
  type PlanPipelineOptions,
  type SourceOverride,
} from '../plan/pipeline-plan.js';
import type { PipelineContext } from './pipeline-context.js';
import { collectProjects } from './pipeline-services.js';

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
    if (e instanceof ValidationError) return { file, valid: false, errors: e.problems, warnings: [] };
    if (e instanceof InputError && e.position) return { file, valid: false, errors: [e], warnings: [] };
    throw e;
  }
}

/** Loads (throwing a ValidationError when invalid) and plans. */
export function planPipelineFile(ref: string, options: LoadPipelineOptions & PlanPipelineOptions = {}): PipelinePlan {
  const report = validatePipelineFile(ref, options);
  if (!report.valid || !report.loaded) throw new ValidationError(report.errors);
  return planPipeline(report.loaded, options);
}

export interface RunPlanOptions {
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

/** The PipelinePlan `pipeline run` executes and `pipeline run --dry-run` prints: built once, here. */
export function planRun(ctx: PipelineContext, o: RunPlanOptions): RunPlan {
  const region = o.region ?? ctx.config.config.region;
  const loaded = loadPipeline(o.file, {
    region,
    accountId: ctx.config.config.accountId,
    parameterOverrides: o.parameterOverrides,
  });
  const projects = collectProjects(ctx, loaded.projects, o.projectFiles ?? []);
  const plan = planPipeline(loaded, { variables: o.variables, projects, sourceOverrides: o.sourceOverrides });
  return { loaded, plan, region, projects };
}
