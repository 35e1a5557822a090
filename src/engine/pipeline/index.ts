/**
 * The face of the pipeline engine: what src/api/ and src/cli/ use to execute a PipelinePlan,
 * retry and stop executions, decide approvals and read history. Anything not exported here is the
 * engine's own business; providers in actions/ are loaded by the registry, never imported from
 * outside.
 */
export { defaultRegistry } from './actions/index.js';
export { ProviderRegistry, type MissingProvider, type ProviderLoader } from './registry.js';
export { loadProviders } from './providers.js';
export { executeStages, type ExecuteOptions, type ExecuteOutcome } from './execution.js';
export type { ExecutionRun, ActionOutcome } from './action-attempt.js';
export { retryPoint, restoreRun, type RetryMode, type RetryPoint } from './retry.js';
export { decideApproval, type ApprovalRequest } from './approvals.js';
export type { EventSink, PipelineEvent, StageStatus } from './events.js';
export {
  executionView,
  latestAttempts,
  ORPHAN_SUMMARY,
  type ActionInputJson,
  type ActionOutputJson,
  type ExecutionResultJson,
  type PipelineExecutionView,
  type RunSettings,
} from './history.js';
export { StopController, duplicatedStopRequest, writeStopRequest } from './stop.js';
export { baseTable, pipelineVariableValues } from './variables-table.js';
export { notEmulatedError } from './not-emulated.js';
export {
  systemClock,
  type ActionProvider,
  type ActionServices,
  type ApprovalDecision,
  type ArtifactRecord,
  type Clock,
  type PipelineBuild,
} from './types.js';
export { repositoryRoot } from './git.js';
export {
  checkRollbackTarget,
  executeWithRollback,
  lastSucceededIn,
  runRollback,
  type RollbackRequest,
  type RollbackTrigger,
} from './rollback.js';
export type { ConditionState } from './history.js';
export { inCronWindow } from './conditions/cron-window.js';
