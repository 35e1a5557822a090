/**
 * `codelocal pipeline run --dry-run`: the plan the run would execute (planRun, the same one), each
 * action's configuration with every variable that can be known before running resolved
 * (pipeline-level ones), the others shown as pending, and what each action would do locally (the
 * plan's sentence). Touches neither Docker nor history.
 */
import { isNotEvaluated, resolveString } from '../model/index.js';
import type { PartialRunOptions, PipelinePlan, PlannedAction, SourceOverride } from '../plan/index.js';
import { pipelineContext, type StateOptions } from './pipeline-context.js';
import { planRun } from './pipeline-plan.js';

export interface DryRunAction {
  stage: string;
  action: string;
  runOrder: number;
  actionType: string;
  /** What running it locally does; a type without a local stand-in says so. */
  local: string;
  runnable: boolean;
  /** `--skip` names it, or it is in a stage after `--until`: it will not run. */
  skipped?: 'skip' | 'until';
  configuration: Record<string, string>;
  /** Pipeline-level variables substituted; references known only at run time left as written. */
  resolvedConfiguration: Record<string, string>;
  /** `#{ns.name}` references resolved only while running, with their producer. */
  pending: { text: string; from: string }[];
}

export interface PipelineDryRun {
  plan: PipelinePlan;
  actions: DryRunAction[];
  /** `Stage.Action (type)` codelocal cannot run locally. */
  missingProviders: string[];
}

export interface DryRunOptions extends StateOptions, PartialRunOptions {
  file: string;
  variables?: Record<string, string>;
  projectFiles?: string[];
  parameterOverrides?: Record<string, string>;
  region?: string;
  sourceOverrides?: Record<string, SourceOverride>;
}

function pendingFrom(p: PlannedAction, text: string): string {
  const ref = p.variableReferences.find((x) => x.text === text);
  if (ref?.from === 'action' && ref.producer) return `${ref.producer.stage}.${ref.producer.action}`;
  if (ref?.from === 'execution') return 'the execution id';
  return 'nothing: the action will fail (unresolvable)';
}

function dryRunAction(
  p: PlannedAction,
  known: { variables: Record<string, string> },
  notStarted: boolean,
): DryRunAction {
  const resolvedConfiguration: Record<string, string> = {};
  const pending: DryRunAction['pending'] = [];
  for (const [k, v] of Object.entries(p.configuration)) {
    // A value from Fn::Transform reads as `<not evaluated locally: …>` (issue 11).
    if (isNotEvaluated(v)) {
      resolvedConfiguration[k] = v.text;
      continue;
    }
    const r = resolveString(v, known);
    resolvedConfiguration[k] = r.value;
    for (const u of r.unresolved) pending.push({ text: u.text, from: pendingFrom(p, u.text) });
  }
  return {
    stage: p.stage,
    action: p.name,
    runOrder: p.runOrder,
    actionType: p.actionType,
    local: p.local,
    runnable: p.emulated,
    ...(p.skipped ? { skipped: 'skip' as const } : notStarted ? { skipped: 'until' as const } : {}),
    configuration: p.configuration,
    resolvedConfiguration,
    pending,
  };
}

export function dryRunPipeline(o: DryRunOptions): PipelineDryRun {
  const { plan } = planRun(pipelineContext(o), o);
  const known = {
    variables: Object.fromEntries(plan.variables.filter((v) => v.value !== undefined).map((v) => [v.name, v.value!])),
  };
  const actions = plan.stages.flatMap((s) =>
    s.groups.flatMap((g) => g.actions.map((p) => dryRunAction(p, known, Boolean(s.notStarted)))),
  );
  return {
    plan,
    actions,
    // Skipped actions and stages after --until never reach a missing stand-in.
    missingProviders: actions
      .filter((a) => !a.runnable && !a.skipped)
      .map((a) => `${a.stage}.${a.action} (${a.actionType})`),
  };
}
