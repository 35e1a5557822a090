/**
 * The built-in providers: one module per provider in this folder, named by the action-type
 * catalogue (src/model/action-types.ts `module`) and imported only when a run first uses it, so
 * there is no list of providers here to keep in step with the catalogue.
 */
import { actionTypeKey, findActionTypeByKey } from '../../../model/index.js';
import { ProviderRegistry } from '../registry.js';
import type { ActionProvider } from '../types.js';

function isProviderOf(value: unknown, key: string): value is ActionProvider {
  const p = value as Partial<ActionProvider> | undefined;
  return typeof p?.run === 'function' && Array.isArray(p.types) && p.types.some((t) => actionTypeKey(t) === key);
}

/** The provider module's export that declares `key` among its types. */
export async function loadBuiltinProvider(key: string): Promise<ActionProvider | undefined> {
  const module = findActionTypeByKey(key)?.module;
  if (!module) return undefined;
  const exports = (await import(/* @vite-ignore */ `./${module}.js`)) as Record<string, unknown>;
  return Object.values(exports).find((v): v is ActionProvider => isProviderOf(v, key));
}

export function defaultRegistry(): ProviderRegistry {
  return new ProviderRegistry([], loadBuiltinProvider);
}
