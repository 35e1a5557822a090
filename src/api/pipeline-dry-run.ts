/**
 * `codelocal pipeline run --dry-run`: the plan, each action's configuration with every variable
 * that can be known before running resolved (pipeline-level ones), the others shown as pending,
 * and what each action would do locally. Touches neither Docker nor history.
 */
import { loadPipeline } from '../model/pipeline.js';
import { resolveString } from '../model/variables.js';
import { actionTypeKey } from '../model/action-types.js';
import { planPipeline, type PipelinePlan, type SourceOverride } from '../plan/pipeline-plan.js';
import { defaultRegistry } from '../engine/pipeline/actions/index.js';
import type { ProviderRegistry } from '../engine/pipeline/registry.js';
import { pipelineContext, type StateOptions } from './pipeline-context.js';
import { collectProjects } from './pipeline-services.js';

export interface DryRunAction {
  stage: string;
  action: string;
  runOrder: number;
  actionType: string;
  /** What running it locally does; a missing provider says so. */
  local: string;
  runnable: boolean;
  configuration: Record<string, string>;
  /** Pipeline-level variables substituted; references known only at run time left as written. */
  resolvedConfiguration: Record<string, string>;
  /** `#{ns.name}` references resolved only while running, with their producer. */
  pending: { text: string; from: string }[];
}

export interface PipelineDryRun {
  plan: PipelinePlan;
  actions: DryRunAction[];
  /** `Stage.Action (type)` codelocal cannot run yet. */
  missingProviders: string[];
}

export interface DryRunOptions extends StateOptions {
  file: string;
  variables?: Record<string, string>;
  projectFiles?: string[];
  parameterOverrides?: Record<string, string>;
  region?: string;
  sourceOverrides?: Record<string, SourceOverride>;
  registry?: ProviderRegistry;
}

export function dryRunPipeline(o: DryRunOptions): PipelineDryRun {
  const ctx = pipelineContext(o);
  const region = o.region ?? ctx.config.config.region;
  const loaded = loadPipeline(o.file, {
    region,
    accountId: ctx.config.config.accountId,
    parameterOverrides: o.parameterOverrides,
  });
  const projects = collectProjects(ctx, loaded.projects, o.projectFiles ?? []);
  const plan = planPipeline(loaded, { variables: o.variables, projects, sourceOverrides: o.sourceOverrides });
  const registry = o.registry ?? defaultRegistry();
  const known = {
    variables: Object.fromEntries(plan.variables.filter((v) => v.value !== undefined).map((v) => [v.name, v.value!])),
  };
  const actions: DryRunAction[] = [];
  for (const stage of loaded.pipeline.stages) {
    const planned = plan.stages.find((s) => s.name === stage.name);
    for (const a of stage.actions) {
      const p = planned?.groups.flatMap((g) => g.actions).find((x) => x.name === a.name);
      const provider = registry.get(a.actionTypeId);
      const resolvedConfiguration: Record<string, string> = {};
      const pending: DryRunAction['pending'] = [];
      for (const [k, v] of Object.entries(a.configuration)) {
        const r = resolveString(v, known);
        resolvedConfiguration[k] = r.value;
        for (const u of r.unresolved) {
          const ref = p?.variableReferences.find((x) => x.text === u.text);
          const from =
            ref?.from === 'action' && ref.producer
              ? `${ref.producer.stage}.${ref.producer.action}`
              : ref?.from === 'execution'
                ? 'the execution id'
                : 'nothing: the action will fail (unresolvable)';
          pending.push({ text: u.text, from });
        }
      }
      actions.push({
        stage: stage.name,
        action: a.name,
        runOrder: a.runOrder,
        actionType: actionTypeKey(a.actionTypeId),
        local: provider
          ? (provider.describe?.(a, { sourceOverrides: o.sourceOverrides ?? {}, projects }) ?? p?.local ?? '')
          : `cannot run: codelocal has no local implementation of ${actionTypeKey(a.actionTypeId)} yet`,
        runnable: Boolean(provider),
        configuration: a.configuration,
        resolvedConfiguration,
        pending,
      });
    }
  }
  const missingProviders = registry.missing(loaded.pipeline).map((m) => `${m.stage}.${m.action} (${m.type})`);
  return { plan, actions, missingProviders };
}
