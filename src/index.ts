/**
 * codelocal's public API: what the CLI calls, and what tests and scripts may call.
 * Results are shaped like the AWS APIs (CodeBuild `Build`/`BuildBatch`, CodePipeline
 * `GetPipelineExecution` + `ListActionExecutions`) so code written for AWS reads them.
 */
export { runBuild, planBuild, type RunBuildOptions } from './api/build.js';
export { attachBuild, resumeBuild, type AttachOptions } from './api/debug.js';
export { clean, type CleanOptions, type CleanReport } from './api/clean.js';
export { watchBuilds, type WatchBuildOptions } from './api/watch.js';
export { runBatchBuild, planBatchBuild, type RunBatchOptions } from './api/batch.js';
export {
  runPipeline,
  retryPipeline,
  approvePipelineAction,
  stopPipelineExecution,
  type RunPipelineOptions,
  type RetryPipelineOptions,
  type PipelineRunResult,
} from './api/pipeline.js';
export { validatePipelineFile, planPipelineFile } from './api/pipeline-plan.js';
export { dryRunPipeline } from './api/pipeline-dry-run.js';
export { listExecutions, getExecution, executionLogs } from './api/executions.js';
export { doctor, type DoctorReport } from './api/doctor.js';
export { lint, listRules, explainRule, type LintOptions, type LintResult } from './lint/index.js';
export { parseBuildspec, loadBuildspec } from './model/buildspec.js';
export { loadPipeline } from './model/pipeline.js';
export { loadProject, loadProjects } from './model/project.js';
export { loadTemplate } from './model/cloudformation.js';
export type { Build, BuildRequest, BuildPhase, StatusType } from './engine/codebuild/index.js';
export type { Buildspec } from './model/buildspec-types.js';
export type { PipelineDeclaration } from './model/pipeline-types.js';
export type { CodeBuildProject } from './model/project-types.js';
export type { ContainerRuntime } from './runtime/types.js';
export { createDockerRuntime } from './runtime/docker/index.js';
export * from './errors.js';
