/**
 * Custom action types (owner `Custom`, docs/aws/codepipeline.md §2.7): the ones a template declares
 * itself (`AWS::CodePipeline::CustomActionType`, often with the pipeline `DependsOn` it) become
 * action types of that pipeline, checked as CreatePipeline checks registered types (artifact counts,
 * required configuration); the ones declared elsewhere (another stack, the console) are registered
 * in an account codelocal cannot see, so they are accepted unchecked with a warning of codelocal's
 * own rather than AWS's "not available in region" text. Neither runs locally: in AWS a job worker
 * of the user's polls CodePipeline for the action's jobs, and there is no job queue here
 * (ACTION_NOT_EMULATED when the run reaches one).
 */
import type { ActionTypeId } from './pipeline-types.js';
import type { ActionTypeSpec, CountRange } from './action-type-spec.js';
import { NOTHING } from './action-type-helpers.js';
import { isObject } from './pipeline-normalize.js';

export const CUSTOM_ACTION_TYPE_RESOURCE = 'AWS::CodePipeline::CustomActionType';

/** API:ArtifactDetails: 0 to 5 inputs and outputs; also what an undeclared custom type may have. */
const ANY_COUNT: CountRange = { min: 0, max: 5 };

/** What the plan and --dry-run say of a custom action. */
function notLocal(id: ActionTypeId): string {
  return `cannot run locally: ${id.category}/Custom/${id.provider}/${id.version} is a custom action, done in AWS by a job worker that polls CodePipeline for its jobs; codelocal has no job queue (ACTION_NOT_EMULATED)`;
}

function count(details: unknown): CountRange {
  if (!isObject(details)) return ANY_COUNT;
  const min = Number(details.MinimumCount);
  const max = Number(details.MaximumCount);
  return {
    min: Number.isInteger(min) ? min : ANY_COUNT.min,
    max: Number.isInteger(max) ? max : ANY_COUNT.max,
  };
}

/** `true` and `'true'` alike: CloudFormation passes booleans through as either. */
const truthy = (v: unknown) => v === true || v === 'true';

/** The custom action types of a template's resources (resolved properties, PascalCase). */
export function customActionTypes(
  resources: Iterable<{ type: string; properties: unknown }>,
): readonly ActionTypeSpec[] {
  const out: ActionTypeSpec[] = [];
  for (const r of resources) {
    if (r.type !== CUSTOM_ACTION_TYPE_RESOURCE || !isObject(r.properties)) continue;
    const p = r.properties;
    if (typeof p.Category !== 'string' || typeof p.Provider !== 'string') continue;
    const version = typeof p.Version === 'string' || typeof p.Version === 'number' ? String(p.Version) : undefined;
    if (version === undefined) continue;
    const props = (Array.isArray(p.ConfigurationProperties) ? p.ConfigurationProperties : []).filter(isObject);
    const names = props.map((c) => c.Name).filter((n): n is string => typeof n === 'string');
    const id = { category: p.Category, owner: 'Custom', provider: p.Provider, version };
    out.push({
      ...id,
      inputs: count(p.InputArtifactDetails),
      outputs: count(p.OutputArtifactDetails),
      requiredKeys: props.filter((c) => truthy(c.Required) && typeof c.Name === 'string').map((c) => c.Name as string),
      knownKeys: names,
      variables: 'dynamic',
      needs: NOTHING,
      custom: 'declared',
      local: () => notLocal(id),
    });
  }
  return out;
}

/** A `Custom` type the file does not declare: counts as the API allows any, configuration unchecked. */
export function undeclaredCustomType(id: ActionTypeId): ActionTypeSpec {
  return {
    category: id.category,
    owner: 'Custom',
    provider: id.provider,
    version: id.version,
    inputs: ANY_COUNT,
    outputs: ANY_COUNT,
    requiredKeys: [],
    variables: 'dynamic',
    needs: NOTHING,
    custom: 'undeclared',
    local: () => notLocal(id),
  };
}
