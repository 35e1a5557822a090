/**
 * The action-type catalogue: every CodePipeline action type codelocal knows, in one list (the
 * entries live in action-types-sources.ts, -build-test.ts and -deploy-invoke.ts by category). Each
 * entry says what CodePipeline checks about it at create time (docs/aws/codepipeline.md §1.5, §2, §4.2),
 * whether codelocal runs it (`module`: the provider file in src/engine/pipeline/actions/ that the
 * engine loads by that name), what it needs, and the one sentence of what runs locally that
 * `pipeline plan`, `pipeline run --dry-run` and the run share. Validation, the plan and the
 * engine's provider registry all read this list; a unit test keeps the registry in step with it.
 */
import type { ActionTypeId } from './pipeline-types.js';
import type { ActionTypeSpec } from './action-type-spec.js';
import { SOURCE_ACTION_TYPES } from './action-types-sources.js';
import { BUILD_TEST_ACTION_TYPES } from './action-types-build-test.js';
import { DEPLOY_INVOKE_ACTION_TYPES } from './action-types-deploy-invoke.js';
import { undeclaredCustomType } from './custom-action-types.js';

export type {
  ActionTypeSpec,
  ConditionalKey,
  CountRange,
  LocalNeeds,
  LocalProjectFacts,
  LocalTextInput,
  SourceOverride,
} from './action-type-spec.js';
export { CLOUDFORMATION_ACTION_MODES } from './action-types-deploy-invoke.js';

/** Every action type codelocal accepts, with or without a local stand-in (`module`). */
export const ACTION_TYPES: readonly ActionTypeSpec[] = [
  ...SOURCE_ACTION_TYPES,
  ...BUILD_TEST_ACTION_TYPES,
  ...DEPLOY_INVOKE_ACTION_TYPES,
];

/** `Category/Owner/Provider/Version`, the key the engine registry uses too. */
export function actionTypeKey(id: Pick<ActionTypeId, 'category' | 'owner' | 'provider' | 'version'>): string {
  return `${id.category}/${id.owner}/${id.provider}/${id.version}`;
}

const BY_KEY = new Map(ACTION_TYPES.map((t) => [actionTypeKey(t), t]));

/**
 * The type's entry: the catalogue's, else one of `custom` (the custom action types the pipeline's
 * template declares), else, for any other `Custom` owner type, an unchecked stand-in: such types are
 * registered in the account, which codelocal cannot see (custom-action-types.ts).
 */
export function findActionType(
  id: ActionTypeId | undefined,
  custom: readonly ActionTypeSpec[] = [],
): ActionTypeSpec | undefined {
  if (!id) return undefined;
  const key = actionTypeKey(id);
  const known = BY_KEY.get(key) ?? custom.find((t) => actionTypeKey(t) === key);
  if (known) return known;
  return id.owner === 'Custom' && typeof id.provider === 'string' ? undeclaredCustomType(id) : undefined;
}

export function findActionTypeByKey(key: string): ActionTypeSpec | undefined {
  return BY_KEY.get(key);
}

/** True when codelocal has a local stand-in (a provider module) for the type. */
export function isEmulated(spec: ActionTypeSpec | undefined): boolean {
  return spec?.module !== undefined;
}

export function isSourceCategory(id: ActionTypeId | undefined): boolean {
  return id?.category === 'Source';
}

/** The namespaces CodePipeline reserves (§4.1). */
export const RESERVED_NAMESPACES = ['codepipeline', 'variables'] as const;
/** The only variable in the `codepipeline` namespace (§4.1). */
export const CODEPIPELINE_VARIABLES = ['PipelineExecutionId'];
