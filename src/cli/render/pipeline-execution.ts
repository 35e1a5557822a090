/**
 * Text for a finished (or recorded) execution: one line per action execution with status, time
 * and summary, then where the logs are and what to do next. Used at the end of `pipeline run` /
 * `retry` and by `executions show`.
 */
import type { PipelineExecutionView } from '../../engine/pipeline/index.js';
import type { BuildSummary, ExecutionSummary } from '../../api/index.js';
import { paint, type Color } from '../output.js';
import { renderFailure } from './build-summary.js';

const COLOR: Record<string, Color> = {
  Succeeded: 'green',
  Failed: 'red',
  Abandoned: 'red',
  Stopped: 'yellow',
  Superseded: 'yellow',
  Skipped: 'gray',
  Stopping: 'yellow',
  InProgress: 'blue',
  SUCCEEDED: 'green',
  FAILED: 'red',
  FAULT: 'red',
  TIMED_OUT: 'red',
  STOPPED: 'yellow',
  IN_PROGRESS: 'blue',
};
const c = (s: string, stream?: NodeJS.WriteStream) => (COLOR[s] ? paint(s, COLOR[s]!, stream) : s);

function seconds(from: string, to: string | undefined): string {
  if (!to) return '';
  return `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)}s`;
}

export function renderExecution(
  v: PipelineExecutionView,
  options: { logsDir?: string; stream?: NodeJS.WriteStream } = {},
): string {
  const s = options.stream;
  const lines = [
    `${paint(`pipeline ${v.pipelineName}`, 'bold', s)}  execution ${v.pipelineExecutionId}  ${c(v.status, s)}  ${seconds(v.codelocal.startTime, v.codelocal.endTime)}`,
  ];
  if (v.statusSummary) lines.push(`  ${v.statusSummary}`);
  if (v.codelocal.orphaned) {
    lines.push(
      paint('  the process running it ended without finishing: its open actions were marked Abandoned', 'yellow', s),
    );
  }
  if (v.variables.length > 0)
    lines.push(`  variables: ${v.variables.map((x) => `${x.name}=${x.resolvedValue}`).join(', ')}`);
  for (const r of v.artifactRevisions) lines.push(`  revision ${r.name}: ${r.revisionId}`);
  const byStage = new Map<string, typeof v.actionExecutionDetails>();
  for (const a of [...v.actionExecutionDetails].reverse())
    byStage.set(a.stageName, [...(byStage.get(a.stageName) ?? []), a]);
  for (const st of v.codelocal.stages) {
    lines.push(`${st.name}  ${c(st.status, s)}`);
    for (const a of byStage.get(st.name) ?? []) {
      const attempt = a.codelocal.attempt > 1 ? ` (attempt ${a.codelocal.attempt})` : '';
      const time = seconds(a.startTime, a.status === 'InProgress' ? undefined : a.lastUpdateTime);
      const summary = a.output.executionResult.externalExecutionSummary;
      lines.push(
        `  ${a.actionName}${attempt}  ${c(a.status, s)}  ${time}${summary ? `  ${summary.split('\n')[0]}` : ''}`,
      );
      if (a.codelocal.failure) lines.push(...renderFailure(a.codelocal.failure, '      ', s ?? process.stdout));
      const vars = Object.entries(a.output.outputVariables);
      if (vars.length > 0 && a.input.namespace)
        lines.push(paint(`      #{${a.input.namespace}.*}: ${vars.map(([k]) => k).join(', ')}`, 'gray', s));
    }
  }
  if (options.logsDir) lines.push(paint(`logs: ${options.logsDir}`, 'gray', s));
  if (v.status === 'Failed' || v.status === 'Stopped') {
    lines.push(paint(`retry: codelocal pipeline retry ${v.pipelineExecutionId} [--all]`, 'gray', s));
  }
  return lines.join('\n') + '\n';
}

export function renderExecutionList(list: ExecutionSummary[]): string {
  if (list.length === 0) return 'no pipeline executions recorded (builds: codelocal executions list --builds)\n';
  const lines = list.map((e) => {
    const took = seconds(e.startTime, e.status === 'InProgress' ? undefined : e.lastUpdateTime);
    const orphan = e.orphaned ? '  (its process ended unexpectedly)' : '';
    const target = e.rollbackMetadata?.rollbackTargetPipelineExecutionId;
    const rollback = target ? `  (rollback to ${target})` : '';
    return `${e.pipelineExecutionId}  ${e.pipelineName.padEnd(20)} ${c(e.status).padEnd(10)} ${e.startTime}  ${took}${orphan}${rollback}`;
  });
  return lines.join('\n') + '\n';
}

/** `executions list --builds`: one line per build, newest first. */
export function renderBuildList(list: BuildSummary[]): string {
  if (list.length === 0) return 'no builds recorded\n';
  const lines = list.map((b) => {
    const took = b.endTime ? seconds(b.startTime, b.endTime) : '';
    const via = b.pipelineExecutionId ? `  (pipeline execution ${b.pipelineExecutionId})` : '';
    return `${b.id}  ${c(b.buildStatus).padEnd(12)} ${b.startTime}  ${took}${via}`;
  });
  return lines.join('\n') + '\n';
}

/**
 * An execution as the AWS CLI prints it: `get-pipeline-execution`'s `{pipelineExecution}` and
 * `list-action-executions`' `{actionExecutionDetails}` side by side, so jq filters written for
 * either work unchanged (`.pipelineExecution.status`, `.actionExecutionDetails[]`).
 */
export function executionJson(v: PipelineExecutionView): {
  pipelineExecution: Omit<PipelineExecutionView, 'actionExecutionDetails'>;
  actionExecutionDetails: PipelineExecutionView['actionExecutionDetails'];
} {
  const { actionExecutionDetails, ...pipelineExecution } = v;
  return { pipelineExecution, actionExecutionDetails };
}
