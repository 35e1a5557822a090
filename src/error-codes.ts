/**
 * The one catalogue of error codes (docs/errors.md lists the same codes; a unit test keeps the two equal),
 * apart from the error classes in errors.ts, which re-exports it: this file is data and the lookups over it,
 * errors.ts is behaviour. Part of the lowest layer with errors.ts (docs/architecture.md); it imports nothing.
 */

/** What went wrong, broadly: decides the exit code. */
export type ErrorKind =
  /** The build or pipeline ran and failed (exit 1). */
  | 'failed'
  /** Bad input or usage: a file, a flag, a reference (exit 2). */
  | 'input'
  /** The environment is not ready: no Docker engine, missing image, no disk (exit 3). */
  | 'environment'
  /** A bug in codelocal itself (exit 70). */
  | 'internal';

/** An error kind, or `warning`: a problem validators report without failing (never thrown, no exit code). */
export type CodeKind = ErrorKind | 'warning';

/**
 * The catalogue. One code per kind of problem: a code is an API (lint maps codes to rule ids, scripts read
 * `--json`), so a message may be reworded freely but a code is renamed only with a codemod. Buildspec
 * problems have one code each so that moving a problem between error and warning is a change of its kind here.
 */
export const ERROR_CODES = {
  // ---- YAML files of every kind
  YAML_SYNTAX: { kind: 'input', summary: 'The file is not valid YAML (or JSON).' },
  YAML_KEY_DUPLICATE: {
    kind: 'input',
    summary: 'A key appears twice in one YAML mapping of codelocal.yml, a stub file or an AppSpec file.',
  },
  FILE_NOT_FOUND: { kind: 'input', summary: 'A file to read does not exist or cannot be read.' },
  INPUT_INVALID: { kind: 'input', summary: 'Invalid input, without details (an empty list of problems).' },
  INPUT_LIMIT: { kind: 'input', summary: 'An input is over a limit of codelocal (size, nesting, aliases).' },

  // ---- Buildspec (docs/aws/codebuild.md §1): CodeBuild reports all of these as YAML_FILE_ERROR.
  BUILDSPEC_NOT_FOUND: { kind: 'input', summary: 'The buildspec file does not exist.' },
  BUILDSPEC_S3_UNSUPPORTED: { kind: 'input', summary: 'The buildspec is an S3 ARN; codelocal reads local files.' },
  BUILDSPEC_EMPTY: { kind: 'input', summary: 'The buildspec file is empty.' },
  BUILDSPEC_ROOT_NOT_MAP: { kind: 'input', summary: 'The buildspec is not a map of keys (version, phases, ...).' },
  BUILDSPEC_VALUE_NOT_MAP: { kind: 'input', summary: 'A buildspec section that must be a map is not one.' },
  BUILDSPEC_KEY_NOT_STRING: { kind: 'input', summary: 'A buildspec key is not a plain string.' },
  BUILDSPEC_KEY_UNKNOWN: {
    kind: 'warning',
    summary: 'A buildspec key CodeBuild does not know (ignored, as CodeBuild does).',
  },
  BUILDSPEC_VALUE_NOT_STRING: { kind: 'input', summary: 'A buildspec value that must be a string is a map or list.' },
  BUILDSPEC_VALUE_NOT_BOOLEAN: { kind: 'input', summary: 'A buildspec value that must be yes or no is not.' },
  BUILDSPEC_VALUE_NOT_LIST: { kind: 'input', summary: '`commands`, `finally`, `files`... is a map, not a list.' },
  BUILDSPEC_VALUE_SCALAR_LIST: { kind: 'warning', summary: 'One string where a list is expected (a list of one).' },
  BUILDSPEC_ITEM_SUBKEYS: { kind: 'input', summary: 'A list item is a map (usually an unquoted `: `).' },
  BUILDSPEC_ITEM_LIST: { kind: 'input', summary: 'A list item that must be a string is a list.' },
  BUILDSPEC_ITEM_EMPTY: { kind: 'warning', summary: 'A list item (a command, a file) is empty (skipped).' },
  BUILDSPEC_VERSION_MISSING: { kind: 'input', summary: 'The buildspec has no `version`.' },
  BUILDSPEC_VERSION_UNSUPPORTED: { kind: 'input', summary: '`version` is not 0.2 (or 0.1).' },
  BUILDSPEC_VERSION_LEGACY: { kind: 'warning', summary: '`version: 0.1` runs every command in its own shell.' },
  BUILDSPEC_SHELL_WINDOWS: {
    kind: 'warning',
    summary: '`env.shell` names a Windows shell; codelocal runs Linux containers, so the build runs with sh.',
  },
  BUILDSPEC_SHELL_INVALID: { kind: 'input', summary: '`env.shell` is not bash or /bin/sh.' },
  BUILDSPEC_VARIABLE_RESERVED: { kind: 'warning', summary: 'An env variable name starts with CODEBUILD_.' },
  BUILDSPEC_EXPORT_AWS_PREFIX: { kind: 'warning', summary: 'An exported variable starts with AWS_ (not exported).' },
  BUILDSPEC_PHASES_MISSING: { kind: 'input', summary: 'The buildspec has no `phases`.' },
  BUILDSPEC_BATCH_ONLY: { kind: 'input', summary: '`build` on a batch-only buildspec (batch, no phases).' },
  BUILDSPEC_PHASE_COMMANDS_MISSING: { kind: 'warning', summary: 'A phase other than install has no `commands`.' },
  BUILDSPEC_ON_FAILURE_INVALID: { kind: 'input', summary: 'An `on-failure` value is not ABORT, CONTINUE or RETRY...' },
  BUILDSPEC_RUNTIME_VERSIONS_MISPLACED: { kind: 'input', summary: '`runtime-versions` outside the install phase.' },
  BUILDSPEC_ARTIFACTS_FILES_MISSING: { kind: 'warning', summary: '`artifacts` has no `files` (fails in UPLOAD).' },
  BUILDSPEC_ARTIFACT_IDENTIFIER_INVALID: { kind: 'input', summary: 'A secondary artifact identifier is invalid.' },
  BUILDSPEC_SECONDARY_FILES_MISSING: { kind: 'input', summary: 'A secondary artifact has no `files`.' },
  BUILDSPEC_REPORT_GROUPS_TOO_MANY: { kind: 'input', summary: 'More report groups than CodeBuild allows (5).' },
  BUILDSPEC_REPORT_FILES_MISSING: { kind: 'input', summary: 'A report group has no `files`.' },
  BUILDSPEC_REPORT_FORMAT_INVALID: { kind: 'input', summary: 'A report `file-format` CodeBuild does not know.' },
  BUILDSPEC_CACHE_PATHS_MISSING: { kind: 'warning', summary: '`cache` has neither `paths` nor `key` (cache skipped).' },
  BUILDSPEC_CACHE_FALLBACK_KEYS_TOO_MANY: { kind: 'input', summary: 'More than 5 `cache.fallback-keys`.' },
  BUILDSPEC_CACHE_FALLBACK_KEYS_IGNORED: { kind: 'warning', summary: '`cache.fallback-keys` without `cache.key`.' },
  BUILDSPEC_CACHE_ACTION_INVALID: { kind: 'input', summary: '`cache.action` is not restore or save.' },

  // ---- The buildspec's batch section (docs/aws/codebuild.md §7.1)
  BATCH_MISSING: { kind: 'input', summary: '`codelocal batch` on a buildspec without a batch section.' },
  BATCH_INVALID: { kind: 'input', summary: 'The batch section cannot be read (no more precise problem).' },
  BATCH_KIND_MISSING: { kind: 'input', summary: '`batch` has none of build-graph, -list, -matrix, -fanout.' },
  BATCH_KIND_MULTIPLE: { kind: 'input', summary: '`batch` has more than one of build-graph, -list, ....' },
  BATCH_TASKS_NOT_LIST: { kind: 'input', summary: 'build-graph or build-list is not a non-empty list.' },
  BATCH_IDENTIFIER_MISSING: { kind: 'input', summary: 'A batch task has no identifier.' },
  BATCH_IDENTIFIER_INVALID: { kind: 'input', summary: 'A batch identifier has characters other than A-Z, 0-9, _.' },
  BATCH_IDENTIFIER_DUPLICATE: { kind: 'input', summary: 'Two batch tasks have the same identifier.' },
  BATCH_DEPEND_ON_MISPLACED: { kind: 'input', summary: '`depend-on` outside build-graph.' },
  BATCH_DEPENDENCY_UNKNOWN: { kind: 'input', summary: 'A task depends on a task the graph does not have.' },
  BATCH_DEPENDENCY_CYCLE: { kind: 'input', summary: 'The build-graph has a dependency cycle.' },
  BATCH_FLEET_AND_COMPUTE_TYPE: { kind: 'input', summary: 'A batch env sets both compute-type and fleet.' },
  BATCH_FLEET_IGNORED: { kind: 'warning', summary: 'A batch env names a fleet; there are none locally.' },
  BATCH_DEBUG_SESSION_IGNORED: { kind: 'warning', summary: '`debug-session`: no Session Manager locally.' },
  BATCH_MATRIX_DYNAMIC_MISSING: { kind: 'input', summary: 'build-matrix has no `dynamic` section.' },
  BATCH_MATRIX_DYNAMIC_EMPTY: { kind: 'input', summary: 'build-matrix `dynamic` has no dimension.' },
  BATCH_MATRIX_DIMENSION_EMPTY: { kind: 'input', summary: 'A build-matrix dimension is an empty list.' },
  BATCH_PARALLELISM_MISSING: { kind: 'input', summary: 'build-fanout has no `parallelism`.' },
  BATCH_PARALLELISM_INVALID: { kind: 'input', summary: 'build-fanout `parallelism` is not 1 to 100.' },

  // ---- codelocal.yml, projects, stubs
  CONFIG_AMBIGUOUS: { kind: 'input', summary: 'Both codelocal.yml and codelocal.yaml exist.' },
  CONFIG_INVALID: { kind: 'input', summary: 'A codelocal.yml value has the wrong type or form.' },
  CONFIG_UNKNOWN_KEY: { kind: 'input', summary: 'A codelocal.yml key codelocal does not know.' },
  PROJECT_INVALID: { kind: 'input', summary: 'A CodeBuild project definition is invalid.' },
  PROJECT_NOT_FOUND: { kind: 'input', summary: 'No CodeBuild project of that name.' },
  STUB_FILE_INVALID: { kind: 'input', summary: 'A parameter/secret stub file is invalid.' },

  // ---- CloudFormation templates and pipelines (docs/aws/codepipeline.md §1.11: codes follow the AWS exceptions)
  TEMPLATE_INVALID: { kind: 'input', summary: 'The CloudFormation template is invalid.' },
  TEMPLATE_REF: { kind: 'input', summary: 'A Ref or Fn::GetAtt names nothing the template declares.' },
  TEMPLATE_INTRINSIC: { kind: 'input', summary: 'An intrinsic function is malformed or unsupported.' },
  POLICY_INVALID: { kind: 'input', summary: 'A bucket, repository or key policy is not a valid IAM policy.' },
  TEMPLATE_PARAMETER: { kind: 'input', summary: 'A template parameter is missing or breaks its constraints.' },
  TEMPLATE_WARNING: { kind: 'warning', summary: 'Something in the template codelocal ignores.' },
  YAML_KEY_LAST_WINS: {
    kind: 'warning',
    summary: 'A key repeated where AWS takes the last value (buildspecs, templates, pipeline and project JSON).',
  },
  PIPELINE_NOT_FOUND: { kind: 'input', summary: 'The template has no (or no such) AWS::CodePipeline::Pipeline.' },
  PIPELINE_TEMPLATE: { kind: 'input', summary: 'CloudFormation would reject the pipeline resource.' },
  PIPELINE_SHAPE: { kind: 'input', summary: 'Not a pipeline, or a field of the wrong JSON type.' },
  PIPELINE_INVALID_STRUCTURE: { kind: 'input', summary: 'InvalidStructureException: stage layout, store, rules.' },
  PIPELINE_INVALID_STAGE: { kind: 'input', summary: 'InvalidStageDeclarationException.' },
  PIPELINE_INVALID_ACTION: { kind: 'input', summary: 'InvalidActionDeclarationException.' },
  PIPELINE_VALIDATION: { kind: 'input', summary: "ValidationException: a field's length, pattern or range." },
  PIPELINE_UNKNOWN_KEY: { kind: 'warning', summary: 'A pipeline field CodePipeline does not know (ignored).' },
  PIPELINE_UNKNOWN_CONFIGURATION: { kind: 'warning', summary: 'An action configuration key its provider ignores.' },
  PIPELINE_ARTIFACT_REFERENCE: {
    kind: 'warning',
    summary: 'A configuration value names an artifact the action does not take as input.',
  },
  PIPELINE_VARIABLE_REFERENCE: { kind: 'warning', summary: 'A #{...} variable reference that resolves to nothing.' },
  PIPELINE_REQUIRED_VARIABLE: { kind: 'warning', summary: 'A pipeline variable without a default value.' },
  PIPELINE_NO_ARTIFACT_STORE: { kind: 'warning', summary: 'The pipeline declares no artifact store.' },
  PIPELINE_V2_ASSUMED: { kind: 'warning', summary: 'pipelineType is missing; V2 is assumed.' },
  PIPELINE_CONFIGURATION_MISSING: {
    kind: 'warning',
    summary:
      'A configuration key documented as required that CreatePipeline does not check (the action may fail when run).',
  },
  PIPELINE_CUSTOM_ACTION_TYPE: {
    kind: 'warning',
    summary:
      'A Custom action type the file does not declare: registered in the account, unseen locally, accepted unchecked.',
  },
  PIPELINE_VARIABLES_INVALID: { kind: 'input', summary: 'A --variable value breaks the pipeline variable rules.' },

  // ---- Command-line flags and references
  VALUE_NOT_EVALUATED: {
    kind: 'input',
    summary:
      'A value comes from Fn::Transform, an Fn::ImportValue without a local value or a dynamic reference ({{resolve:…}}) codelocal does not resolve; only what needs it fails.',
  },
  FLAG_INVALID: { kind: 'input', summary: 'A flag value has the wrong form (NAME=VALUE, a number, a choice).' },
  TIMEOUT_INVALID: { kind: 'input', summary: 'The build timeout is outside 5 to 2160 minutes.' },
  PHASE_INVALID: { kind: 'input', summary: '--phase/--from-phase names no buildspec phase.' },
  PHASE_FLAGS_CONFLICT: { kind: 'input', summary: '--phase and --from-phase together.' },
  WATCH_FLAGS_CONFLICT: { kind: 'input', summary: '--watch with --keep, --reuse or --shell-on-failure.' },
  WATCH_NOTHING_TO_WATCH: {
    kind: 'input',
    summary: '`pipeline watch`: no source action of any file can start its pipeline.',
  },
  IMAGE_MAP_INVALID: { kind: 'input', summary: '--image-map is not AWS_IMAGE=LOCAL_IMAGE.' },
  IMAGE_UNKNOWN: { kind: 'input', summary: 'No runner image of that name.' },
  LINT_PATH_NOT_FOUND: { kind: 'input', summary: 'A path given to lint does not exist.' },
  LINT_UNKNOWN_RULE: { kind: 'input', summary: 'No lint rule of that id.' },
  SOURCE_NOT_FOUND: { kind: 'input', summary: 'The source folder does not exist.' },
  SOURCE_INVALID: { kind: 'input', summary: 'A secondary source is not id:dir.' },
  SOURCE_IDENTIFIER_INVALID: { kind: 'input', summary: 'A source identifier is not 1-127 letters, digits, _.' },
  SOURCE_OVERRIDE_UNKNOWN: { kind: 'input', summary: '--source names no source action of the pipeline.' },
  SOURCE_NOT_A_REPOSITORY: { kind: 'input', summary: 'A source action folder is not in a git repository.' },
  GIT_FAILED: { kind: 'input', summary: 'A git command failed.' },
  GIT_ARCHIVE_FAILED: { kind: 'input', summary: '`git archive` of the source commit failed.' },

  // ---- Builds and their containers
  BUILD_NOT_FOUND: { kind: 'input', summary: 'No build of that id (with a container).' },
  BUILD_ID_AMBIGUOUS: { kind: 'input', summary: 'A build id prefix matches several builds.' },
  BUILD_NOT_KEPT: { kind: 'input', summary: 'The build ended and its container was not kept.' },
  BUILD_CONTAINER_GONE: { kind: 'input', summary: "The build's container no longer exists." },
  BUILD_NOT_PAUSED: { kind: 'input', summary: 'resume on a build that is not paused.' },
  REUSE_BUSY: { kind: 'input', summary: '--reuse of a build that is still running.' },
  ARTIFACT_READ_FAILED: { kind: 'environment', summary: 'Artifact files could not be read from the container.' },

  // ---- Pipeline executions (codes follow the CodePipeline API exceptions)
  ACTION_NOT_FOUND: { kind: 'input', summary: 'ActionNotFoundException: no such action in the execution.' },
  ACTION_REF_INVALID: { kind: 'input', summary: 'An action reference is not Stage.Action.' },
  ACTION_PROVIDER_UNAVAILABLE: { kind: 'input', summary: 'An action type codelocal cannot run locally.' },
  ARTIFACT_MISSING: { kind: 'input', summary: 'An input artifact is missing from the artifact store.' },
  EXECUTION_AMBIGUOUS: { kind: 'input', summary: 'An execution id prefix matches several executions.' },
  PIPELINE_EXECUTION_NOT_FOUND: { kind: 'input', summary: 'PipelineExecutionNotFoundException.' },
  UI_TOKEN_INVALID: {
    kind: 'input',
    summary: 'A request to `codelocal ui` that changes state (or any, off loopback) lacks the server token (HTTP 403).',
  },
  UI_REQUEST_INVALID: { kind: 'input', summary: 'A request to `codelocal ui` names nothing recorded or is malformed.' },
  PIPELINE_EXECUTION_NOT_STOPPABLE: { kind: 'input', summary: 'PipelineExecutionNotStoppableException.' },
  DUPLICATED_STOP_REQUEST: { kind: 'input', summary: 'DuplicatedStopRequestException.' },
  CONFLICT: { kind: 'input', summary: 'ConflictException: the execution is still running.' },
  STAGE_NOT_RETRYABLE: { kind: 'input', summary: 'StageNotRetryableException.' },
  NOT_LATEST_PIPELINE_EXECUTION: { kind: 'input', summary: 'NotLatestPipelineExecutionException.' },
  TRANSITION_REASON_INVALID: {
    kind: 'input',
    summary: 'ValidationException: a transition reason outside 1-300 allowed characters.',
  },
  STAGE_NOT_FOUND: { kind: 'input', summary: 'StageNotFoundException.' },
  UNABLE_TO_ROLLBACK_STAGE: { kind: 'input', summary: 'UnableToRollbackStageException.' },
  CONDITION_RULE_NOT_EMULATED: {
    kind: 'input',
    summary: 'A stage condition rule codelocal cannot evaluate locally (CloudWatchAlarm).',
  },
  INVALID_APPROVAL_TOKEN: { kind: 'input', summary: 'InvalidApprovalTokenException.' },
  APPROVAL_ALREADY_COMPLETED: { kind: 'input', summary: 'ApprovalAlreadyCompletedException.' },
  APPROVAL_SUMMARY_TOO_LONG: { kind: 'input', summary: 'ValidationException: the approval summary is too long.' },
  PIPELINE_EXECUTION_FAILED: { kind: 'failed', summary: 'The pipeline execution ended Failed.' },
  PIPELINE_EXECUTION_STOPPED: { kind: 'failed', summary: 'The pipeline execution ended Stopped.' },
  PIPELINE_EXECUTION_SUPERSEDED: { kind: 'failed', summary: 'The pipeline execution was Superseded.' },
  PIPELINE_EXECUTION_CANCELLED: { kind: 'failed', summary: 'The pipeline execution was Cancelled.' },

  // ---- Events (docs/events.md; codes follow the EventBridge API exceptions, docs/aws/eventbridge.md §2.4)
  EVENT_PATTERN_INVALID: {
    kind: 'input',
    summary: 'InvalidEventPatternException: EventBridge would refuse the pattern.',
  },
  EVENT_INVALID: { kind: 'input', summary: 'ValidationException: the event to test is not an EventBridge event.' },

  // ---- Parameters and secrets (the build fails in DOWNLOAD_SOURCE, docs/aws/codebuild.md §4)
  PARAMETER_NOT_FOUND: { kind: 'failed', summary: 'A parameter-store variable has no stub or value.' },
  SECRET_NOT_FOUND: { kind: 'failed', summary: 'A secrets-manager variable names no known secret.' },
  SECRET_REFERENCE_INVALID: { kind: 'failed', summary: 'A secrets-manager reference is malformed.' },
  SECRET_VERSION_NOT_FOUND: { kind: 'failed', summary: 'The secret has no such version stage or id.' },
  SECRET_NOT_JSON: { kind: 'failed', summary: 'A JSON key is asked of a secret that is not JSON.' },
  SECRET_JSON_KEY_NOT_FOUND: { kind: 'failed', summary: "The secret's JSON has no such key." },

  // ---- Local stores and archives
  S3_BUCKET_INVALID: { kind: 'input', summary: 'An invalid S3 bucket name.' },
  S3_KEY_UNSUPPORTED: { kind: 'input', summary: 'An S3 key the local store cannot hold as a file path.' },
  S3_KEY_CONFLICT: { kind: 'input', summary: 'An S3 key that is both an object and a prefix.' },
  S3_NO_SUCH_KEY: { kind: 'input', summary: 'NoSuchKey: the object does not exist.' },
  S3_WRITE_FAILED: { kind: 'environment', summary: 'The local S3 store could not write a file.' },
  ZIP_INVALID: { kind: 'input', summary: 'A zip archive cannot be read.' },
  ARCHIVE_UNSAFE_PATH: {
    kind: 'input',
    summary: 'An archive path, or a link in an artifact or source, leads outside its folder (docs/security.md).',
  },
  STATE_DIR_UNWRITABLE: { kind: 'environment', summary: 'The .codelocal state folder cannot be created.' },
  EXECUTION_DB_UNAVAILABLE: { kind: 'environment', summary: 'The execution history database cannot be opened.' },
  EXECUTION_DB_TOO_NEW: { kind: 'environment', summary: 'The history database was written by a newer codelocal.' },

  // ---- Docker engine and images
  CODEDEPLOY_APPSPEC_MISSING: {
    kind: 'input',
    summary: 'A CodeDeploy revision has no appspec.yml (or appspec.yaml/json) at its root.',
  },
  CODEDEPLOY_APPSPEC_INVALID: { kind: 'input', summary: 'A CodeDeploy AppSpec file CodeDeploy would reject.' },
  CODEDEPLOY_REVISION_LINK: {
    kind: 'input',
    summary: 'A link in a CodeDeploy revision leads outside it (docs/security.md).',
  },
  CODEDEPLOY_GROUP_NOT_DECLARED: {
    kind: 'input',
    summary: 'The deployment group is not declared in codelocal.yml `codedeploy:`.',
  },
  EKS_CONTEXT_NOT_FOUND: {
    kind: 'environment',
    summary: 'The kubeconfig context a local EKS cluster forwards to does not exist.',
  },
  CODEDEPLOY_CONFIG_MISMATCH: {
    kind: 'input',
    summary: 'The deployment configuration does not fit the revision (EC2 vs Lambda).',
  },
  CODEDEPLOY_HOOK_NOT_DECLARED: {
    kind: 'input',
    summary: 'A Lambda AppSpec hook names a function not declared in codelocal.yml `lambda:`.',
  },
  CODEDEPLOY_ALIAS_MISMATCH: {
    kind: 'input',
    summary: "The Lambda AppSpec's CurrentVersion is not the alias's version.",
  },
  CODEDEPLOY_DEPLOYMENT_FAILED: {
    kind: 'failed',
    summary: 'A local CodeDeploy deployment failed (and was rolled back when configured).',
  },
  DOCKER_UNREACHABLE: { kind: 'environment', summary: 'No Docker engine answers.' },
  ACTION_NOT_EMULATED: {
    kind: 'environment',
    summary: 'A real AWS action type codelocal has no local stand-in for (the action fails, the run goes on up to it).',
  },
  DOCTOR_FAILED: { kind: 'environment', summary: '`codelocal doctor` found failed checks.' },
  RUNTIME_UNSUPPORTED: { kind: 'environment', summary: 'The container runtime is not Docker.' },
  PRIVILEGED_PROBE_FAILED: { kind: 'environment', summary: 'The engine refused a privileged probe container.' },
  IMAGE_MISSING: { kind: 'environment', summary: 'An image is not present on the engine.' },
  IMAGE_BUILD_FAILED: { kind: 'environment', summary: 'Building an image failed.' },
  IMAGE_IMPORT_FAILED: { kind: 'environment', summary: 'Importing an image failed.' },
  IMAGE_PULL_FAILED: { kind: 'environment', summary: 'Pulling an image failed.' },
  IMAGE_PUSH_FAILED: { kind: 'environment', summary: 'Pushing an image to the local registry failed.' },
  DEBOOTSTRAP_MISSING: { kind: 'environment', summary: 'debootstrap is not installed and cannot be.' },
  DEBOOTSTRAP_NEEDS_ROOT: { kind: 'environment', summary: 'Building the base image needs root.' },
  DEBOOTSTRAP_FAILED: { kind: 'environment', summary: 'debootstrap failed.' },
  NETWORK_NOT_OURS: { kind: 'environment', summary: "A Docker network with codelocal's name exists." },
  NETWORK_CREATE_FAILED: { kind: 'environment', summary: 'The local AWS network cannot be created.' },
  ENGINE_NOT_LOCAL: { kind: 'environment', summary: 'The Docker engine is not on this machine.' },
  BIND_MOUNT_REMOTE_ENGINE: {
    kind: 'environment',
    summary: 'A host folder cannot be bind-mounted (`--bind`) on an engine on another machine.',
  },
  ENGINE_INIT_MISSING: {
    kind: 'environment',
    summary: 'The engine cannot run containers with an init process (Podman without catatonit).',
  },
  PODMAN_BRIDGE_DOWN: {
    kind: 'environment',
    summary: 'Podman has no bridge for a shared network and no local image can hold one up.',
  },
  ENGINE_RLIMITS_REFUSED: {
    kind: 'environment',
    summary: 'The engine asks for resource limits (ulimits) its own process may not grant.',
  },
  HOST_PORT_TAKEN: {
    kind: 'environment',
    summary: 'A host port a deploy action would publish is in use by another program or project.',
  },
  REGISTRY_NOT_READY: { kind: 'environment', summary: 'The local registry does not answer.' },
  WATCH_REGISTRY_LISTENER: {
    kind: 'environment',
    summary: '`pipeline watch` cannot listen for the local registry push notifications.',
  },
  UI_PORT_IN_USE: { kind: 'environment', summary: '`codelocal ui` cannot listen on the port asked for.' },

  // ---- Bugs
  INTERNAL: { kind: 'internal', summary: 'A bug in codelocal.' },
} as const satisfies Record<string, { kind: CodeKind; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one kind: what each error class accepts. */
export type CodeOf<K extends CodeKind> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C]['kind'] extends K ? C : never;
}[ErrorCode];

export type WarningCode = CodeOf<'warning'>;

export function kindOf(code: ErrorCode): CodeKind {
  return ERROR_CODES[code].kind;
}

export function isWarningCode(code: ErrorCode): code is WarningCode {
  return kindOf(code) === 'warning';
}

/** The code a pipeline execution that ended without success fails the command with, one per final status. */
export function executionFailureCode(status: string): CodeOf<'failed'> {
  if (status === 'Stopped') return 'PIPELINE_EXECUTION_STOPPED';
  if (status === 'Superseded') return 'PIPELINE_EXECUTION_SUPERSEDED';
  if (status === 'Cancelled') return 'PIPELINE_EXECUTION_CANCELLED';
  return 'PIPELINE_EXECUTION_FAILED';
}
