/**
 * One pipeline execution from a given stage to the end (codepipeline.md §5): a fresh run starts
 * at the first stage; a retry (§5.5) re-enters the failed stage with the same execution id,
 * artifacts and variables, then continues. Every status change is written to the store as it
 * happens, so another terminal (and a later `executions show`) sees the run as it goes.
 */
import type { ActionDeclaration } from '../../model/pipeline-types.js';
import type { PipelineExecutionStatus } from '../../stores/execution-store.js';
import { runAction, type ExecutionRun } from './action-runner.js';
import type { StageStatus } from './events.js';
import type { ExecutionResultJson } from './history.js';
import { Limiter } from './limiter.js';
import { groupsOf, runStage } from './scheduler.js';
import { readStopRequest } from './stop.js';

export interface ExecuteOptions {
  run: ExecutionRun;
  /** Persisted with every change (stage states, revisions). */
  result: ExecutionResultJson;
  fromStage: number;
  /** Which actions of the first stage run (a FAILED_ACTIONS retry keeps the succeeded ones). */
  firstStageFilter?: (action: ActionDeclaration) => boolean;
  maxParallel: number;
  /** How often to look for a stop request from another terminal, ms (0 = never). */
  stopPollMs?: number;
}

export interface ExecuteOutcome {
  status: PipelineExecutionStatus;
  statusSummary?: string;
}

function setStage(result: ExecutionResultJson, name: string, status: StageStatus, now: number): void {
  let s = result.stages.find((x) => x.name === name);
  if (!s) result.stages.push((s = { name, status, startTime: now }));
  if (status === 'InProgress') {
    s.startTime = now;
    delete s.endTime;
  } else if (status !== 'Stopping') s.endTime = now;
  s.status = status;
}

export async function executeStages(o: ExecuteOptions): Promise<ExecuteOutcome> {
  const { run, result } = o;
  const id = run.executionId;
  const persist = (patch: Parameters<typeof run.store.updatePipelineExecution>[1] = {}) =>
    run.store.updatePipelineExecution(id, { ...patch, result: { ...result, artifactRevisions: run.revisions } });
  const limiter = new Limiter(o.maxParallel);
  let current: string | undefined;

  run.stop.onChange((mode) => {
    persist({
      status: 'Stopping',
      statusSummary: run.stop.reason ?? (mode === 'abandon' ? 'Stop and abandon' : 'Stop and wait'),
    });
    if (current) {
      setStage(result, current, 'Stopping', run.services.clock.now());
      run.emit({ type: 'stage', stage: current, status: 'Stopping' });
    }
    run.emit({ type: 'execution', executionId: id, pipelineName: run.pipeline.name, status: 'Stopping' });
  });
  // Stop requests written by `codelocal pipeline stop` in another terminal.
  let seen = readStopRequest(run.executionDir)?.time ?? 0;
  const poll =
    o.stopPollMs && o.stopPollMs > 0
      ? setInterval(() => {
          const req = readStopRequest(run.executionDir);
          if (!req || req.time <= seen) return;
          seen = req.time;
          if (req.abandon || !run.stop.requested) run.stop.request(req.abandon, id, req.reason);
        }, o.stopPollMs)
      : undefined;
  poll?.unref();

  let status: PipelineExecutionStatus = 'Succeeded';
  let statusSummary: string | undefined;
  try {
    persist({ status: 'InProgress' });
    run.emit({ type: 'execution', executionId: id, pipelineName: run.pipeline.name, status: 'InProgress' });
    for (let i = o.fromStage; i < run.pipeline.stages.length; i++) {
      const stage = run.pipeline.stages[i]!;
      if (run.stop.requested) {
        status = 'Stopped';
        break;
      }
      current = stage.name;
      setStage(result, stage.name, 'InProgress', run.services.clock.now());
      persist();
      run.emit({ type: 'stage', stage: stage.name, status: 'InProgress' });
      const filter = i === o.fromStage ? o.firstStageFilter : undefined;
      const outcome = await runStage({
        groups: groupsOf(stage),
        shouldRun: (a) => (filter ? filter(a) : true),
        runAction: (a) => runAction(run, stage.name, a),
        limiter,
        stop: run.stop,
      });
      setStage(result, stage.name, outcome, run.services.clock.now());
      run.emit({ type: 'stage', stage: stage.name, status: outcome });
      persist();
      if (outcome === 'Failed') {
        status = 'Failed';
        const failed = run.store
          .listActionExecutions(id)
          .filter((a) => a.stage === stage.name && a.status === 'Failed')
          .pop();
        statusSummary = failed
          ? `Stage ${stage.name} failed: action ${failed.action}${failed.summary ? `: ${failed.summary}` : ''}`
          : `Stage ${stage.name} failed`;
        break;
      }
      if (outcome === 'Stopped') {
        status = 'Stopped';
        break;
      }
    }
    if (status === 'Succeeded' && run.stop.requested) status = 'Stopped';
    if (status === 'Stopped')
      statusSummary = run.stop.reason ?? (run.stop.mode === 'abandon' ? 'Stop and abandon' : 'Stop and wait');
  } finally {
    if (poll) clearInterval(poll);
  }
  persist({ status, endTime: run.services.clock.now(), ...(statusSummary ? { statusSummary } : {}) });
  run.emit({ type: 'execution', executionId: id, pipelineName: run.pipeline.name, status, summary: statusSummary });
  return { status, statusSummary };
}
