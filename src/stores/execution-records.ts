/**
 * The records of the execution history (builds, pipeline executions, action executions, approvals) and the
 * shapes used to insert and patch them: the vocabulary of src/stores/execution-store.ts, apart so readers of
 * a record need not load the SQLite store.
 */

export type BuildStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'TIMED_OUT' | 'STOPPED';
/** docs/aws/codepipeline.md §5.3. */
export type PipelineExecutionStatus =
  'InProgress' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Superseded' | 'Failed' | 'Cancelled';
export type ActionExecutionStatus = 'InProgress' | 'Abandoned' | 'Succeeded' | 'Failed';
/** Pending until someone decides; Expired when the 7-day (or configured) window passes. */
export type ApprovalStatus = 'Pending' | 'Approved' | 'Rejected' | 'Expired';

export interface ProcessInfo {
  /** The process running it, to recognise runs orphaned by a crash. */
  pid: number;
  host: string;
}

export interface BuildRecord extends ProcessInfo {
  id: string;
  project: string;
  buildNumber?: number;
  status: BuildStatus;
  startTime: number;
  endTime?: number;
  logPath?: string;
  /** The Build JSON (what `--json` prints). */
  result?: unknown;
  /** Set when the build ran as a pipeline action. */
  pipelineExecutionId?: string;
}

export interface PipelineExecutionRecord extends ProcessInfo {
  id: string;
  pipeline: string;
  status: PipelineExecutionStatus;
  startTime: number;
  endTime?: number;
  statusSummary?: string;
  trigger?: unknown;
  variables?: unknown;
  result?: unknown;
  /** The pipeline declaration as run, so `executions show` explains an old run after the file changed. */
  definition?: unknown;
}

export interface ActionExecutionRecord {
  /** actionExecutionId. */
  id: string;
  executionId: string;
  stage: string;
  action: string;
  attempt: number;
  status: ActionExecutionStatus;
  startTime: number;
  endTime?: number;
  input?: unknown;
  output?: unknown;
  logPath?: string;
  /** E.g. the CodeBuild build id the action ran. */
  externalExecutionId?: string;
  summary?: string;
}

export interface ApprovalRecord {
  token: string;
  executionId: string;
  stage: string;
  action: string;
  status: ApprovalStatus;
  summary?: string;
  createdTime: number;
  decidedTime?: number;
  decidedBy?: string;
  expiresTime?: number;
}

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export type NewBuild = Optional<BuildRecord, 'status' | 'startTime' | 'pid' | 'host'>;
export type BuildPatch = Partial<Pick<BuildRecord, 'status' | 'endTime' | 'logPath' | 'result' | 'buildNumber'>>;
export type NewPipelineExecution = Optional<PipelineExecutionRecord, 'status' | 'startTime' | 'pid' | 'host'>;
export type PipelineExecutionPatch = Partial<
  Pick<PipelineExecutionRecord, 'status' | 'endTime' | 'statusSummary' | 'variables' | 'result'>
>;
export type NewActionExecution = Optional<ActionExecutionRecord, 'status' | 'startTime' | 'attempt'>;
export type ActionExecutionPatch = Partial<
  Pick<ActionExecutionRecord, 'status' | 'endTime' | 'input' | 'output' | 'logPath' | 'externalExecutionId' | 'summary'>
>;
export type NewApproval = Optional<ApprovalRecord, 'status' | 'createdTime'>;

export interface ListFilter {
  status?: string;
  limit?: number;
}

export interface OpenOptions {
  /** Applied to every stored text (summaries, JSON strings, object keys) before it is written. */
  redact?: (text: string) => string;
  /** How long a writer waits for another process's lock, ms (default 10 s). */
  busyTimeoutMs?: number;
}
