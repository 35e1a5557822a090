/**
 * CodePipeline variable references `#{namespace.name}` (docs/aws/codepipeline.md §4): finding them in
 * strings and resolving an action's configuration against the variables known at run time.
 * Pure: the engine supplies the table, the planner and validator only look for references.
 */

export interface VariableReference {
  /** The text as written, `#{SourceVariables.CommitId}`. */
  text: string;
  namespace: string;
  name: string;
  /** Offset of `#` in the string it was found in. */
  index: number;
}

/** namespace -> variable name -> value. `variables` holds pipeline-level ones, `codepipeline` the execution id. */
export type VariableTable = Record<string, Record<string, string>>;

// Namespaces and variable keys share the pattern [A-Za-z0-9@\-_]+ (API:ActionDeclaration namespace,
// API:OutputVariablesMap keys), so anything else inside #{...} is not a reference and stays literal.
const REFERENCE = /#\{([A-Za-z0-9@_-]+)\.([A-Za-z0-9@_-]+)\}/g;

export function findVariableReferences(text: string): VariableReference[] {
  const found: VariableReference[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    found.push({ text: m[0], namespace: m[1]!, name: m[2]!, index: m.index ?? 0 });
  }
  return found;
}

/** References in every value of a configuration map, with the key each came from. */
export function findConfigurationReferences(
  configuration: Record<string, string>,
): (VariableReference & { key: string })[] {
  return Object.entries(configuration).flatMap(([key, value]) =>
    typeof value === 'string' ? findVariableReferences(value).map((r) => ({ ...r, key })) : [],
  );
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Own properties only: `#{variables.toString}` must not find Object.prototype.toString. */
function lookup(table: VariableTable, ns: string, name: string): string | undefined {
  return own(table, ns) && own(table[ns]!, name) ? table[ns]![name] : undefined;
}

export interface ResolvedString {
  value: string;
  unresolved: VariableReference[];
}

/**
 * Replaces each reference once. Resolved values are not scanned again (§4.3: substitution is
 * treated as single-pass), so a value that itself contains `#{...}` stays literal.
 */
export function resolveString(text: string, table: VariableTable): ResolvedString {
  const unresolved: VariableReference[] = [];
  const value = text.replace(REFERENCE, (whole: string, ns: string, name: string, index: number) => {
    const v = lookup(table, ns, name);
    if (v !== undefined) return v;
    unresolved.push({ text: whole, namespace: ns, name, index });
    return whole;
  });
  return { value, unresolved };
}

export interface ResolvedConfiguration {
  resolved: Record<string, string>;
  unresolved: (VariableReference & { key: string })[];
}

export function resolveConfiguration(
  configuration: Record<string, string>,
  table: VariableTable,
): ResolvedConfiguration {
  const resolved: Record<string, string> = {};
  const unresolved: ResolvedConfiguration['unresolved'] = [];
  for (const [key, raw] of Object.entries(configuration)) {
    const r = resolveString(raw, table);
    resolved[key] = r.value;
    unresolved.push(...r.unresolved.map((u) => ({ ...u, key })));
  }
  return { resolved, unresolved };
}

/** The failure summary CodePipeline shows when a reference cannot be resolved (§4.4, observed). */
export function unresolvedVariablesMessage(actionName: string): string {
  return `An action in this pipeline failed because one or more variables could not be resolved: Action name=${actionName}`;
}
