/**
 * Public API for checking and planning a pipeline file without running it
 * (`codelocal pipeline validate` / `plan`). Running lives elsewhere (runPipeline).
 */
import { InputError, ValidationError } from '../errors.js';
import { readPipeline, type LoadPipelineOptions, type LoadedPipelineResult } from '../model/pipeline.js';
import type { PipelineWarning } from '../model/pipeline-diagnostics.js';
import { planPipeline, type PipelinePlan, type PlanPipelineOptions } from '../plan/pipeline-plan.js';

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
