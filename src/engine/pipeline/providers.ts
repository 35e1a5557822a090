/**
 * Before a run starts: the providers of every action of the plan, loaded once. A type the
 * catalogue says codelocal runs (or one it does not know) without a provider stops the run before
 * an execution exists; a real type without a local stand-in is left to fail its own action
 * (not-emulated.ts), so the stages before it still run.
 */
import { actionsThatRun, type PipelinePlan } from '../../plan/index.js';
import type { MissingProvider, ProviderRegistry } from './registry.js';

export async function loadProviders(registry: ProviderRegistry, plan: PipelinePlan): Promise<void> {
  // Skipped actions and stages after --until (issue 11) never call a provider.
  const actions = actionsThatRun(plan);
  await registry.load(actions.map((a) => a.declaration.actionTypeId));
  const missing: MissingProvider[] = actions
    .filter((a) => a.emulated && !registry.get(a.declaration.actionTypeId))
    .map((a) => ({ stage: a.stage, action: a.name, type: a.actionType }));
  registry.assertCovers(missing);
}
