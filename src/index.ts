/**
 * codelocal's public API: what the CLI calls, and what tests and scripts may call.
 * Results are shaped like the AWS APIs (CodeBuild `Build`/`BuildBatch`, CodePipeline
 * `GetPipelineExecution` + `ListActionExecutions`) so code written for AWS reads them.
 */
export { runBuild, planBuild, type RunBuildOptions } from './api/index.js';
export { attachBuild, resumeBuild, type AttachOptions } from './api/index.js';
export { clean, type CleanOptions, type CleanReport } from './api/index.js';
export { watchBuilds, type WatchBuildOptions } from './api/index.js';
export { watchPipelines, type WatchPipelinesOptions } from './api/index.js';
export { runBatchBuild, planBatchBuild, type RunBatchOptions } from './api/index.js';
export {
  runPipeline,
  retryPipeline,
  approvePipelineAction,
  stopPipelineExecution,
  type RunPipelineOptions,
  type RetryPipelineOptions,
  type PipelineRunResult,
} from './api/index.js';
export { validatePipelineFile, planPipelineFile } from './api/index.js';
export { dryRunPipeline } from './api/index.js';
export { listExecutions, getExecution, executionLogs } from './api/index.js';
export { doctor, type DoctorReport } from './api/index.js';
export { lint, listRules, explainRule, type LintOptions, type LintResult } from './lint/index.js';
export { parseBuildspec, loadBuildspec } from './model/index.js';
export { loadPipeline } from './model/index.js';
export { loadProject, loadProjects } from './model/index.js';
export { loadTemplate } from './model/index.js';
export type { Build, BuildRequest, BuildPhase, StatusType } from './engine/codebuild/index.js';
export type { Buildspec } from './model/index.js';
export type { PipelineDeclaration } from './model/index.js';
export type { CodeBuildProject } from './model/index.js';
export type { ContainerRuntime } from './runtime/index.js';
export { createDockerRuntime } from './runtime/index.js';
export * from './errors.js';
export {
  runCheck,
  toJunit,
  toCodeQuality,
  toGithubAnnotations,
  type CheckOptions,
  type CheckResult,
  type CheckItemResult,
} from './api/index.js';
export { listEvents, followEvents, testEventPattern, type EventsOptions } from './api/index.js';
export { matchesEventPattern, validateEventPattern, type AwsEvent, type EventPattern } from './model/index.js';
