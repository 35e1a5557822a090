/** The face of src/stores/: what other layers may import from it (docs/architecture.md). */
export { CacheStore, cacheActions, dockerLayerCacheVolume } from './cache-store.js';
export {
  ExecutionStore,
  type ActionExecutionRecord,
  type ActionExecutionStatus,
  type ApprovalRecord,
  type PipelineExecutionRecord,
  type PipelineExecutionStatus,
} from './execution-store.js';
export { SecretMasker } from './masking.js';
export {
  LocalS3Store,
  NoSuchKeyError,
  artifactKey,
  defaultArtifactBucket,
  s3Arn,
  type ObjectHead,
} from './s3-store.js';
export { StubStore, defaultStubFiles, parseAssignments, secretArn, type StubSources } from './stubs.js';
export type { RunPage, RunPageFilter, RunRow } from './execution-pages.js';
export { EventsLog, eventsLogSize, followEventsLog, readEventsLog, type FollowOptions } from './events-log.js';
export {
  StageGateStore,
  type ExecutionMode,
  type GateAnswer,
  type GateRequest,
  type TransitionState,
} from './stage-gates.js';
