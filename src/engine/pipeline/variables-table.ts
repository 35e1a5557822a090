/**
 * The variables an action sees (docs/aws/codepipeline.md §4): `codepipeline.PipelineExecutionId`,
 * `variables.<name>` and each namespaced action's output variables once it succeeded. Resolution
 * happens only in the action's configuration (and a Commands action's commands and environment
 * values, §4.3), in one pass; anything left unresolved fails the action before it starts (§4.4).
 */
import { InputError } from '../../errors.js';
import {
  type ActionDeclaration,
  type PipelineDeclaration,
  resolveConfiguration,
  resolveString,
  type VariableReference,
  type VariableTable,
} from '../../model/index.js';

export function baseTable(executionId: string, pipelineVariables: Record<string, string>): VariableTable {
  return { codepipeline: { PipelineExecutionId: executionId }, variables: { ...pipelineVariables } };
}

/**
 * Pipeline-level values for a run: declared defaults overlaid with the given ones. A value for an
 * undeclared name, or a declared name with neither, is refused before any execution exists (§1.8).
 */
export function pipelineVariableValues(
  pipeline: PipelineDeclaration,
  given: Record<string, string>,
): Record<string, string> {
  const declared = pipeline.variables ?? [];
  const problems: string[] = [];
  for (const name of Object.keys(given)) {
    if (!declared.some((v) => v.name === name))
      problems.push(`variable '${name}' is not declared by pipeline ${pipeline.name}`);
    else if (given[name] === '') problems.push(`variable '${name}' must not be empty`);
  }
  const out: Record<string, string> = {};
  for (const v of declared) {
    const value = given[v.name] ?? v.defaultValue;
    if (value === undefined)
      problems.push(`variable '${v.name}' is required (it has no default): pass --variable ${v.name}=VALUE`);
    else out[v.name] = value;
  }
  if (problems.length > 0) {
    throw new InputError('PIPELINE_VARIABLES_INVALID', `ValidationException: ${problems.join('; ')}`, {
      details: problems.slice(1),
    });
  }
  return out;
}

export interface ResolvedAction {
  configuration: Record<string, string>;
  commands?: string[];
  environmentVariables?: { name: string; value: string; type?: string }[];
  unresolved: VariableReference[];
}

export function resolveAction(action: ActionDeclaration, table: VariableTable): ResolvedAction {
  const config = resolveConfiguration(action.configuration, table);
  const unresolved: VariableReference[] = [...config.unresolved];
  const one = (text: string) => {
    const r = resolveString(text, table);
    unresolved.push(...r.unresolved);
    return r.value;
  };
  const commands = action.commands?.map(one);
  const environmentVariables = action.environmentVariables?.map((e) => ({ ...e, value: one(e.value) }));
  return {
    configuration: config.resolved,
    ...(commands ? { commands } : {}),
    ...(environmentVariables ? { environmentVariables } : {}),
    unresolved,
  };
}
