/** The face of src/api/: what other layers may import from it (docs/architecture.md). */
export { DEFAULT_MAX_PARALLEL, planBatchBuild, runBatchBuild, type RunBatchOptions } from './batch.js';
export { DEFAULT_SHELL_WAIT_SECONDS } from './build-debug.js';
export { planBuild, runBuild, type RunBuildOptions } from './build.js';
export { clean, type CleanOptions, type CleanReport } from './clean.js';
export { attachBuild, resumeBuild, type AttachOptions } from './debug.js';
export { doctor, type CheckStatus, type DoctorReport } from './doctor.js';
export {
  executionLogs,
  getBuilds,
  getExecution,
  listBuilds,
  listExecutions,
  type BuildSummary,
  type ExecutionSummary,
} from './executions.js';
export { dryRunPipeline, type PipelineDryRun } from './pipeline-dry-run.js';
export { planPipelineFile, validatePipelineFile } from './pipeline-plan.js';
export {
  approvePipelineAction,
  retryPipeline,
  runPipeline,
  stopPipelineExecution,
  type EngineOptions,
  type PipelineRunResult,
  type RetryPipelineOptions,
  type RunPipelineOptions,
} from './pipeline.js';
export { watchBuilds, type WatchBuildOptions } from './watch.js';
export { watchPipelines, type WatchPipelinesOptions } from './triggers/watch-pipelines.js';
export { describeEvent, type LocalEvent } from './triggers/local-events.js';
export { describeRule, type StartRule } from './triggers/start-rules.js';
export {
  artifactObjectPath,
  getBuildRecord,
  getExecutionLayout,
  knownPipelines,
  listRunsPage,
  stateLocations,
  type BuildRecordView,
  type KnownPipeline,
  type StageLayout,
  type StateLocations,
} from './ui-reads.js';
export {
  runCheck,
  parseShard,
  pickShard,
  toJunit,
  toCodeQuality,
  toGithubAnnotations,
  type CheckItem,
  type CheckItemResult,
  type CheckOptions,
  type CheckResult,
  type CheckStep,
  type Shard,
} from './check/index.js';
export {
  followEvents,
  listEvents,
  parseEventPattern,
  parseTestEvent,
  readJsonArgument,
  testEventPattern,
  type EventsOptions,
  type FollowEventsOptions,
  type JsonArgument,
} from './events.js';
export { pipelineState, type PipelineStateView, type StageStateView } from './pipeline-state.js';
export { setStageTransition, type StageTransitionOptions } from './pipeline-transition.js';
