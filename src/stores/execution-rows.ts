/**
 * Between SQLite rows and history records: snake_case columns to camelCase fields, JSON columns parsed, NULL
 * to undefined, and the deep redaction applied to every JSON value before it is written.
 */
import type {
  ActionExecutionRecord,
  ActionExecutionStatus,
  ApprovalRecord,
  ApprovalStatus,
  BuildRecord,
  BuildStatus,
  PipelineExecutionRecord,
  PipelineExecutionStatus,
} from './execution-records.js';

export type Row = Record<string, unknown>;

/** Deep-applies `redact` to strings (keys included) so JSON escaping cannot hide a secret from it. */
export function redactDeep(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)]));
  }
  return value;
}

function parseJson(text: unknown): unknown {
  return typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined;
}

function opt<T>(v: unknown): T | undefined {
  return v === null || v === undefined ? undefined : (v as T);
}

export function toBuild(r: Row): BuildRecord {
  return {
    id: r.id as string,
    project: r.project as string,
    buildNumber: opt<number>(r.build_number),
    status: r.status as BuildStatus,
    startTime: r.start_time as number,
    endTime: opt<number>(r.end_time),
    logPath: opt<string>(r.log_path),
    result: parseJson(r.result_json),
    pid: r.pid as number,
    host: r.host as string,
    pipelineExecutionId: opt<string>(r.pipeline_execution_id),
  };
}

export function toPipelineExecution(r: Row): PipelineExecutionRecord {
  return {
    id: r.id as string,
    pipeline: r.pipeline as string,
    status: r.status as PipelineExecutionStatus,
    startTime: r.start_time as number,
    endTime: opt<number>(r.end_time),
    statusSummary: opt<string>(r.status_summary),
    trigger: parseJson(r.trigger_json),
    variables: parseJson(r.variables_json),
    result: parseJson(r.result_json),
    definition: parseJson(r.definition_json),
    pid: r.pid as number,
    host: r.host as string,
  };
}

export function toActionExecution(r: Row): ActionExecutionRecord {
  return {
    id: r.id as string,
    executionId: r.execution_id as string,
    stage: r.stage as string,
    action: r.action as string,
    attempt: r.attempt as number,
    status: r.status as ActionExecutionStatus,
    startTime: r.start_time as number,
    endTime: opt<number>(r.end_time),
    input: parseJson(r.input_json),
    output: parseJson(r.output_json),
    logPath: opt<string>(r.log_path),
    externalExecutionId: opt<string>(r.external_execution_id),
    summary: opt<string>(r.summary),
  };
}

export function toApproval(r: Row): ApprovalRecord {
  return {
    token: r.token as string,
    executionId: r.execution_id as string,
    stage: r.stage as string,
    action: r.action as string,
    status: r.status as ApprovalStatus,
    summary: opt<string>(r.summary),
    createdTime: r.created_time as number,
    decidedTime: opt<number>(r.decided_time),
    decidedBy: opt<string>(r.decided_by),
    expiresTime: opt<number>(r.expires_time),
  };
}
