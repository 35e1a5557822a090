/**
 * One pipeline execution of a PipelinePlan from a given stage to the end (docs/aws/codepipeline.md §5): a
 * fresh run starts at the first stage; a retry (§5.5) re-enters the failed stage with the same
 * execution id, artifacts and variables, then continues. The stages, groups and actions are the
 * plan's, so what runs is what `pipeline plan` and `--dry-run` showed. Every status change is
 * written to the store as it happens, so another terminal (and a later `executions show`) sees
 * the run as it goes.
 */
import { untilSummary, type PlannedAction, type PlannedStage } from '../../plan/index.js';
import type { PipelineExecutionStatus } from '../../stores/index.js';
import { runAction, type ExecutionRun } from './action-runner.js';
import type { StageStatus } from './events.js';
import type { ExecutionResultJson } from './history.js';
import { Limiter } from './limiter.js';
import { runStage, type StageOutcome } from './scheduler.js';
import { readStopRequest } from './stop.js';
import { StageGateStore } from '../../stores/index.js';
import { modeOf, passGate, type GateOptions } from './modes/stage-gate.js';
import { afterStage, beforeEntry, stageDeclaration } from './conditions/stage-conditions.js';
import { latestAttempts, type ConditionState } from './history.js';

export interface ExecuteOptions {
  run: ExecutionRun;
  /** Persisted with every change (stage states, revisions). */
  result: ExecutionResultJson;
  fromStage: number;
  /** Which actions of the first stage run (a FAILED_ACTIONS retry keeps the succeeded ones). */
  firstStageFilter?: (action: PlannedAction) => boolean;
  maxParallel: number;
  /** How often to look for a stop request from another terminal, ms (0 = never). */
  stopPollMs?: number;
  /** How often an execution waiting in front of a stage looks again, ms (default 200). */
  gatePollMs?: number;
}

export interface ExecuteOutcome {
  status: PipelineExecutionStatus;
  statusSummary?: string;
  /** A ROLLBACK condition result engaged for this stage (§12.7): the caller starts the rollback. */
  rollbackStage?: string;
}

type Persist = (patch?: Parameters<ExecutionRun['store']['updatePipelineExecution']>[1]) => void;

function setStage(result: ExecutionResultJson, name: string, status: StageStatus, now: number): void {
  let s = result.stages.find((x) => x.name === name);
  if (!s) result.stages.push((s = { name, status, startTime: now }));
  if (status === 'InProgress') {
    s.startTime = now;
    delete s.endTime;
  } else if (status !== 'Stopping') s.endTime = now;
  s.status = status;
}

const stopSummary = (run: ExecutionRun) =>
  run.stop.reason ?? (run.stop.mode === 'abandon' ? 'Stop and abandon' : 'Stop and wait');

/** Records stop requests (this process's and, by polling, `codelocal pipeline stop`'s); returns the un-watcher. */
function watchStop(o: ExecuteOptions, persist: Persist, currentStage: () => string | undefined): () => void {
  const { run, result } = o;
  const id = run.executionId;
  run.stop.onChange(() => {
    persist({ status: 'Stopping', statusSummary: stopSummary(run) });
    const current = currentStage();
    if (current) {
      setStage(result, current, 'Stopping', run.services.clock.now());
      run.emit({ type: 'stage', stage: current, status: 'Stopping' });
    }
    run.emit({ type: 'execution', executionId: id, pipelineName: run.plan.pipelineName, status: 'Stopping' });
  });
  if (!o.stopPollMs || o.stopPollMs <= 0) return () => undefined;
  let seen = readStopRequest(run.executionDir)?.time ?? 0;
  const poll = setInterval(() => {
    const req = readStopRequest(run.executionDir);
    if (!req || req.time <= seen) return;
    seen = req.time;
    if (req.abandon || !run.stop.requested) run.stop.request(req.abandon, id, req.reason);
  }, o.stopPollMs);
  poll.unref();
  return () => clearInterval(poll);
}

async function executeStage(
  o: ExecuteOptions,
  stage: PlannedStage,
  persist: Persist,
  retryFilter?: (action: PlannedAction) => boolean,
): Promise<StageOutcome> {
  const { run, result } = o;
  setStage(result, stage.name, 'InProgress', run.services.clock.now());
  persist();
  run.emit({ type: 'stage', stage: stage.name, status: 'InProgress' });
  const filter = retryFilter ?? (stage.index === o.fromStage ? o.firstStageFilter : undefined);
  const outcome = await runStage({
    groups: stage.groups,
    shouldRun: (a) => (filter ? filter(a) : true),
    runAction: (a) => runAction(run, stage.name, a.declaration, a.skipped),
    limiter: new Limiter(o.maxParallel),
    stop: run.stop,
  });
  setStage(result, stage.name, outcome, run.services.clock.now());
  run.emit({ type: 'stage', stage: stage.name, status: outcome });
  persist();
  return outcome;
}

function failedStageSummary(run: ExecutionRun, stage: string): string {
  const failed = run.store
    .listActionExecutions(run.executionId)
    .filter((a) => a.stage === stage && a.status === 'Failed')
    .pop();
  return failed
    ? `Stage ${stage} failed: action ${failed.action}${failed.summary ? `: ${failed.summary}` : ''}`
    : `Stage ${stage} failed`;
}

type StageStep = { next: true } | { next: false; outcome: ExecuteOutcome };

function recordCondition(o: ExecuteOptions, stage: string, persist: Persist) {
  return (c: ConditionState) => {
    const s = o.result.stages.find((x) => x.name === stage);
    if (!s) o.result.stages.push({ name: stage, status: 'InProgress', conditions: [c] });
    else (s.conditions ??= []).push(c);
    persist();
  };
}

function endStage(o: ExecuteOptions, stage: string, status: StageStatus, persist: Persist): void {
  setStage(o.result, stage, status, o.run.services.clock.now());
  o.run.emit({ type: 'stage', stage, status });
  persist();
}

/** A stage behind its gate: entry condition, the stage, its success/failure conditions (§12.5). */
async function conditionedStage(o: ExecuteOptions, stage: PlannedStage, persist: Persist): Promise<StageStep> {
  const { run } = o;
  const decl = stageDeclaration(run, stage.name);
  const record = recordCondition(o, stage.name, persist);
  const entry = decl ? await beforeEntry(run, decl, record) : ({ kind: 'enter' } as const);
  if (entry.kind === 'skip') {
    endStage(o, stage.name, 'Skipped', persist);
    return { next: true };
  }
  if (entry.kind === 'fail') {
    endStage(o, stage.name, 'Failed', persist);
    return { next: false, outcome: { status: 'Failed', statusSummary: entry.summary } };
  }
  let outcome = await executeStage(o, stage, persist);
  for (let retries = 0; decl; retries++) {
    const after = await afterStage(run, decl, outcome, record, retries);
    if (after.kind === 'keep') break;
    if (after.kind === 'retry') {
      const latest = latestAttempts(run.store, run.executionId);
      const keep = (a: PlannedAction) => latest.get(`${stage.name}.${a.name}`)?.status === 'Succeeded';
      const st = o.result.stages.find((x) => x.name === stage.name);
      if (st) st.autoStageRetryAttempt = retries + 1;
      outcome = await executeStage(o, stage, persist, after.mode === 'ALL_ACTIONS' ? () => true : (a) => !keep(a));
      continue;
    }
    endStage(o, stage.name, 'Failed', persist);
    const rollbackStage = after.kind === 'rollback' ? stage.name : undefined;
    return {
      next: false,
      outcome: { status: 'Failed', statusSummary: after.summary, ...(rollbackStage ? { rollbackStage } : {}) },
    };
  }
  if (outcome === 'Failed')
    return { next: false, outcome: { status: 'Failed', statusSummary: failedStageSummary(run, stage.name) } };
  if (outcome === 'Stopped') return { next: false, outcome: { status: 'Stopped' } };
  return { next: true };
}

/** The stages from `fromStage` on, until one fails, the execution is stopped or superseded. */
async function executeFrom(
  o: ExecuteOptions,
  persist: Persist,
  enter: (stage: string) => void,
  gate: GateOptions,
): Promise<ExecuteOutcome> {
  const { run } = o;
  let outcome: ExecuteOutcome = { status: 'Succeeded' };
  for (const stage of run.plan.stages.slice(o.fromStage)) {
    // `--until` (issue 11): the later stages are not started, and that is what was asked for.
    if (stage.notStarted && !run.stop.requested)
      return { status: 'Succeeded', statusSummary: untilSummary(run.plan.until!) };
    // The boundary in front of the stage: locks, queue, transitions, superseding (§12).
    const passed = run.stop.requested ? ({ kind: 'stopped' } as const) : await passGate(run, stage.name, gate);
    if (passed.kind === 'superseded') {
      return {
        status: 'Superseded',
        statusSummary: `Superseded by execution ${passed.by} in front of stage ${stage.name}`,
      };
    }
    if (passed.kind === 'stopped') {
      outcome = { status: 'Stopped' };
      break;
    }
    enter(stage.name);
    let step: StageStep;
    try {
      step = await conditionedStage(o, stage, persist);
    } finally {
      gate.gates.leave(run.plan.pipelineName, stage.name, run.executionId);
    }
    if (step.next) continue;
    if (step.outcome.status !== 'Stopped') return step.outcome;
    outcome = step.outcome;
    break;
  }
  if (outcome.status === 'Succeeded' && run.stop.requested) outcome = { status: 'Stopped' };
  return outcome.status === 'Stopped' ? { status: outcome.status, statusSummary: stopSummary(run) } : outcome;
}

/** The shared gate store (in the history database) and this execution's place in the modes' order. */
function gateOptions(o: ExecuteOptions): GateOptions {
  const { run, result } = o;
  const rec = run.store.getPipelineExecution(run.executionId);
  return {
    gates: StageGateStore.open(run.store.path),
    mode: modeOf(result.executionMode),
    startedAt: rec?.startTime ?? run.services.clock.now(),
    pollMs: o.gatePollMs ?? 200,
  };
}

export async function executeStages(o: ExecuteOptions): Promise<ExecuteOutcome> {
  const { run, result } = o;
  const id = run.executionId;
  const persist: Persist = (patch = {}) =>
    run.store.updatePipelineExecution(id, { ...patch, result: { ...result, artifactRevisions: run.revisions } });
  let current: string | undefined;
  const unwatch = watchStop(o, persist, () => current);
  let outcome: ExecuteOutcome;
  const gate = gateOptions(o);
  try {
    persist({ status: 'InProgress' });
    run.emit({ type: 'execution', executionId: id, pipelineName: run.plan.pipelineName, status: 'InProgress' });
    outcome = await executeFrom(o, persist, (stage) => (current = stage), gate);
  } finally {
    unwatch();
    gate.gates.close();
  }
  const { status, statusSummary } = outcome;
  persist({ status, endTime: run.services.clock.now(), ...(statusSummary ? { statusSummary } : {}) });
  run.emit({ type: 'execution', executionId: id, pipelineName: run.plan.pipelineName, status, summary: statusSummary });
  return outcome;
}
