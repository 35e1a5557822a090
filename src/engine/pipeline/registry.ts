/**
 * Action providers by `Category/Owner/Provider/Version`. The engine refuses to start a run that
 * uses a type without a provider (naming it), so nothing is ever silently skipped.
 */
import { InputError } from '../../errors.js';
import { actionTypeKey } from '../../model/action-types.js';
import type { PipelineDeclaration, ActionTypeId } from '../../model/pipeline-types.js';
import type { ActionProvider } from './types.js';

export class ProviderRegistry {
  private readonly byKey = new Map<string, ActionProvider>();

  constructor(providers: readonly ActionProvider[] = []) {
    for (const p of providers) this.register(p);
  }

  /** Adds (or replaces) the provider for each of its types. */
  register(provider: ActionProvider): this {
    for (const t of provider.types) this.byKey.set(actionTypeKey(t), provider);
    return this;
  }

  get(id: ActionTypeId): ActionProvider | undefined {
    return this.byKey.get(actionTypeKey(id));
  }

  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  /** `Stage.Action (Type)` for every action no provider covers. */
  missing(pipeline: PipelineDeclaration): { stage: string; action: string; type: string }[] {
    const out: { stage: string; action: string; type: string }[] = [];
    for (const s of pipeline.stages)
      for (const a of s.actions)
        if (!this.get(a.actionTypeId)) out.push({ stage: s.name, action: a.name, type: actionTypeKey(a.actionTypeId) });
    return out;
  }

  /** Throws an InputError naming every action codelocal cannot run yet. */
  assertCovers(pipeline: PipelineDeclaration): void {
    const missing = this.missing(pipeline);
    if (missing.length === 0) return;
    const list = missing.map((m) => `${m.stage}.${m.action} (${m.type})`);
    throw new InputError(
      'ACTION_PROVIDER_UNAVAILABLE',
      `codelocal cannot run ${list.join(', ')} yet: no local implementation of ${[...new Set(missing.map((m) => m.type))].join(', ')}`,
      { details: [`action types codelocal runs today: ${this.keys().join(', ')}`] },
    );
  }
}
