/** The face of src/model/: what other layers may import from it (docs/architecture.md). */
export {
  actionTypeKey,
  findActionType,
  findActionTypeByKey,
  isEmulated,
  type LocalNeeds,
  type SourceOverride,
} from './action-types.js';
export { checkBatch, parseBatch, type BatchEnv, type BatchKind, type BatchSpec, type BatchTask } from './batch.js';
export {
  PHASE_NAMES,
  PHASE_TYPES,
  type ArtifactSpec,
  type Buildspec,
  type BuildspecPhase,
  type BuildspecWarning,
  type CacheSpec,
  type OnFailure,
  type PhaseName,
  type ReportFileFormat,
  type ReportSpec,
} from './buildspec-types.js';
export { BUILDSPEC_YAML_OPTIONS, buildspecFromYaml, loadBuildspec, parseBuildspec } from './buildspec.js';
export { partitionOf, stackId } from './cfn-names.js';
export { isNotEvaluated, NotEvaluated, notEvaluatedMessage, VALUE_NOT_EVALUATED } from './not-evaluated.js';
export { loadTemplate, parseTemplate, type ResolvedTemplate, type TemplateOptions } from './cloudformation.js';
export { describeWarning, lookupPosition, type Path, type PipelineWarning } from './pipeline-diagnostics.js';
export { PIPELINE_RESOURCE } from './pipeline-from-cfn.js';
export {
  type ActionDeclaration,
  type ActionTypeId,
  type ArtifactStore,
  type ConditionDeclaration,
  type RuleDeclaration,
  type LoadedPipeline,
  type PipelineDeclaration,
  type StageDeclaration,
} from './pipeline-types.js';
export { actionSites, referenceSites, runsBefore, type ActionSite } from './pipeline-validate-flow.js';
export { effectivePipelineType } from './pipeline-validate.js';
export { RETRY_MODES, RULE_PROVIDERS } from './pipeline-validate-conditions.js';
export { loadPipeline, readPipeline, type LoadPipelineOptions, type LoadedPipelineResult } from './pipeline.js';
export { classifyBuildspecRef } from './project-normalize.js';
export {
  defaultProject,
  type CodeBuildProject,
  type EnvironmentVariable,
  type EnvironmentVariableType,
} from './project-types.js';
export { loadProject, loadProjects } from './project.js';
export { SOURCE_IDENTIFIER, SOURCE_IDENTIFIER_MESSAGE } from './source-identifier.js';
export { parseStubFile, type StubParameter, type StubSecret } from './stub-file.js';
export { suggestionSuffix } from './suggest.js';
export {
  resolveConfiguration,
  resolveString,
  unresolvedVariablesMessage,
  type VariableReference,
  type VariableTable,
} from './variables.js';
export {
  deref,
  describeNode,
  isNullNode,
  lastWinsMessage,
  mapEntries,
  nodePosition,
  parseYaml,
  readYamlFile,
  scalarText,
  type MapEntry,
  type YamlSource,
} from './yaml-source.js';
export { DEFAULT_BATCH_MAX_PARALLEL, DEFAULT_SHELL_WAIT_SECONDS } from './run-defaults.js';
export { eksAccessEntries, eksAccessEntriesOfFile, type EksIdentityMapping } from './eks-access.js';
export { type AwsEvent, type EventPattern } from './events/types.js';
export { matchesEventPattern, validateEventPattern } from './events/pattern.js';
export { INVALID_PATTERN_PREFIX } from './events/pattern-validate.js';
export {
  EVENTS_RULE_RESOURCE,
  pipelineNameOfArn,
  routeEvent,
  rulesFromTemplate,
  type EventRule,
  type EventRuleTarget,
} from './events/rules.js';
export {
  codeCommitReferenceEvent,
  ecrImagePushEvent,
  eventTime,
  makeEvent,
  s3ObjectCreatedEvent,
  type EventContext,
  type ImagePush,
  type ObjectCreated,
  type ReferenceChange,
} from './events/shapes.js';
export {
  accountOfArn,
  actionMatches,
  arnMatches,
  evaluatePolicy,
  globMatch,
  parsePolicy,
  principalOf,
  requestContext,
  type AccessRequest,
  type ContextValue,
  type Decision,
  type DecisionKind,
  type EvaluateOptions,
  type ParsePolicyOptions,
  type PolicyDocument,
  type PolicyStatement,
  type PrincipalSpec,
  type RequestPrincipal,
  addKey,
  addTemplatePolicies,
  artifactAccess,
  bucketRequestRefused,
  defaultKeyPolicy,
  ecrPullAccess,
  emptyPolicySet,
  findKey,
  ECR_PULL_ACTIONS,
  S3_ACCESS_DENIED,
  S3_KMS_DENIED,
  type AccessCheck,
  type ArtifactAccessRequest,
  type BucketRecord,
  type KeyRecord,
  type PolicySet,
  type Refusal,
  type RefusalKind,
  type RepositoryRecord,
  actionAccess,
  pipelineAccess,
  storeFor,
  type ActionAccess,
} from './iam/index.js';
export {
  ACTION_EXECUTION_CHANGE,
  BUILD_STATE_CHANGE,
  PIPELINE_EXECUTION_CHANGE,
  STAGE_EXECUTION_CHANGE,
  actionExecutionEvent,
  buildEventTime,
  buildStateEvent,
  eventState,
  pipelineArn,
  pipelineExecutionEvent,
  stageExecutionEvent,
  type ActionChange,
  type ArtifactLocation,
  type BuildSnapshot,
  type ExecutionRef,
  type ExecutionTrigger,
} from './events/state-shapes.js';
