/**
 * Action providers by `Category/Owner/Provider/Version`. The built-in registry knows no provider
 * list of its own: it loads, on first use, the module the action-type catalogue names for a type
 * (src/model/action-types.ts `module`), so adding a provider is its file plus its catalogue entry.
 * Tests build registries from explicit (fake) providers instead.
 *
 * The engine refuses to start a run that uses a type the catalogue says codelocal runs but no
 * provider covers (naming it), so nothing is ever silently skipped; a real type codelocal has no
 * stand-in for fails its action when reached (ACTION_NOT_EMULATED, see not-emulated.ts).
 */
import { InputError } from '../../errors.js';
import { type ActionTypeId, actionTypeKey } from '../../model/index.js';
import type { ActionProvider } from './types.js';

/** Finds the provider for a type key; undefined when there is none. */
export type ProviderLoader = (key: string) => Promise<ActionProvider | undefined>;

export interface MissingProvider {
  stage: string;
  action: string;
  type: string;
}

export class ProviderRegistry {
  private readonly byKey = new Map<string, ActionProvider>();

  constructor(
    providers: readonly ActionProvider[] = [],
    private readonly loader?: ProviderLoader,
  ) {
    for (const p of providers) this.register(p);
  }

  /** Adds (or replaces) the provider for each of its types. */
  register(provider: ActionProvider): this {
    for (const t of provider.types) this.byKey.set(actionTypeKey(t), provider);
    return this;
  }

  /** A provider registered or loaded before (see load). */
  get(id: ActionTypeId): ActionProvider | undefined {
    return this.byKey.get(actionTypeKey(id));
  }

  /** Makes the providers of these types available to get(), loading their modules once. */
  async load(ids: readonly ActionTypeId[]): Promise<void> {
    if (!this.loader) return;
    for (const key of new Set(ids.map(actionTypeKey))) {
      if (this.byKey.has(key)) continue;
      const provider = await this.loader(key);
      if (provider) this.byKey.set(key, provider);
    }
  }

  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  /** Throws an InputError naming every action codelocal should run but has no provider for. */
  assertCovers(missing: readonly MissingProvider[]): void {
    if (missing.length === 0) return;
    const list = missing.map((m) => `${m.stage}.${m.action} (${m.type})`);
    throw new InputError(
      'ACTION_PROVIDER_UNAVAILABLE',
      `codelocal cannot run ${list.join(', ')} yet: no local implementation of ${[...new Set(missing.map((m) => m.type))].join(', ')}`,
      { details: [`action types with a provider: ${this.keys().join(', ')}`] },
    );
  }
}
