/** The face of src/plan/: what other layers may import from it (docs/architecture.md). */
export { planBatch, type BatchPlan, type PlannedBatchBuild } from './batch-plan.js';
export { planBuildSteps, type BuildPlan, type PlannedVariable } from './build-plan.js';
export { nextStep, stepAfter, type BuildStep } from './phase-transitions.js';
export {
  knownNames,
  planPipeline,
  type PipelinePlan,
  type PlanPipelineOptions,
  type PlannedAction,
  type PlannedGroup,
  type PlannedStage,
  type SourceOverride,
} from './pipeline-plan.js';
export {
  actionsThatRun,
  applyPartialRun,
  SKIPPED_SUMMARY,
  untilSummary,
  type PartialRunOptions,
  type SkippedAction,
} from './partial-run.js';
export { localLine, planJson, renderPlanJson, renderPlanText, stageTitle } from './render-plan.js';
export { powershellSign, windowsEnvironment } from './windows.js';
export { plannedAccess, type PlannedAccess } from './planned-access.js';
