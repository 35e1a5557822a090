/**
 * Checks of one action on its own (docs/aws/codepipeline.md §1.3, §1.5 counts, §2 required keys, §1.11):
 * name, action type, runOrder, configuration limits and keys, artifact counts and names, the
 * Compute-only fields, namespace pattern, region and timeout. Cross-action rules (artifact flow,
 * namespace uniqueness, variable references) live in pipeline-validate-flow.ts.
 */
import type { ActionDeclaration } from './pipeline-types.js';
import { collectionMessage, Diagnostics, E_ACTION, E_SHAPE, E_VALUE, type Path } from './pipeline-diagnostics.js';
import { checkInteger, checkListLength, checkString, PATTERNS, stringList } from './pipeline-validate-fields.js';
import { actionTypeKey, ACTION_TYPES, findActionType, type ActionTypeSpec } from './action-types.js';
import { findVariableReferences } from './variables.js';
import { suggestionSuffix } from './suggest.js';
import { isObject } from './pipeline-normalize.js';
import { isNotEvaluated, notEvaluatedMessage, VALUE_NOT_EVALUATED } from './not-evaluated.js';

const CATEGORIES = ['Source', 'Build', 'Deploy', 'Test', 'Invoke', 'Approval', 'Compute'];
const OWNERS = ['AWS', 'ThirdParty', 'Custom'];

export interface ActionContext {
  /** `US_EAST_1`, as AWS names the region in the "not available" message. */
  regionLabel: string;
  /** The pipeline's own region (us-east-1 style). */
  region: string;
  /**
   * The region every action names, when they all name the same one and it is not `region`: an
   * update-pipeline file whose `metadata` was removed, read in the wrong region (hint in messages).
   */
  everyActionIn?: string;
  /** The custom action types the pipeline's template declares (custom-action-types.ts). */
  customTypes?: readonly ActionTypeSpec[];
}

/** us-east-1 -> US_EAST_1. */
export function regionLabel(region: string): string {
  return region.toUpperCase().replace(/-/g, '_');
}

/** Validates one action; returns its type spec when the type is one codelocal supports. */
export function validateAction(
  d: Diagnostics,
  ctx: ActionContext,
  action: ActionDeclaration,
  path: Path,
): ActionTypeSpec | undefined {
  const name = checkString(d, [...path, 'name'], action.name, { min: 1, max: 100, pattern: PATTERNS.name });
  const label = name ?? String(action.name ?? '?');
  const spec = checkActionType(d, ctx, action, path, label);
  checkInteger(d, [...path, 'runOrder'], action.runOrder, { min: 1, max: 999 });
  checkConfiguration(d, action, path);
  if (spec) {
    checkRequiredKeys(d, spec, action, path, label);
    checkArtifactCounts(d, spec, action, path, label);
  }
  checkArtifactNames(d, action, path, label);
  checkComputeFields(d, spec, action, path, label);
  checkString(d, [...path, 'namespace'], action.namespace, {
    optional: true,
    min: 1,
    max: 100,
    pattern: PATTERNS.namespace,
  });
  checkString(d, [...path, 'roleArn'], action.roleArn, { optional: true, max: 1024, pattern: PATTERNS.roleArn });
  if (action.region !== undefined && action.region !== ctx.region && action.actionTypeId?.category === 'Source') {
    // get-pipeline prints every action's region, the source's included, as the pipeline's own: that is
    // valid input (issue 11). Only a source in another region is refused (docs/aws/codepipeline.md §1.11;
    // UNCERTAIN wording, the message is not documented).
    d.error(
      E_ACTION,
      `Action ${label} is a source action and cannot run in region ${action.region}: source actions run in the pipeline's region (${ctx.region})${wrongRegionHint(ctx)}`,
      [...path, 'region'],
    );
  }
  checkTimeout(d, action, path, label);
  if (action.actionTypeId?.category === 'Source') checkNoPipelineVariables(d, action, path, label);
  return spec;
}

/**
 * The way past when the file's actions all name one other region: the pipeline most likely lives there
 * (get-pipeline output without its metadata, docs/fidelity.md "get-pipeline output and its region").
 */
export function wrongRegionHint(ctx: Pick<ActionContext, 'everyActionIn'>): string {
  const r = ctx.everyActionIn;
  return r
    ? `. Every action of this pipeline names region ${r}: if the pipeline lives in ${r}, read it there with --region ${r} (pipeline plan and run also take region: ${r} from codelocal.yml)`
    : '';
}

function checkActionType(
  d: Diagnostics,
  ctx: ActionContext,
  action: ActionDeclaration,
  path: Path,
  label: string,
): ActionTypeSpec | undefined {
  const idPath = [...path, 'actionTypeId'];
  const id = action.actionTypeId as unknown;
  if (id === undefined || id === null) {
    checkString(d, idPath, id, {});
    return undefined;
  }
  if (isNotEvaluated(id)) {
    d.error(VALUE_NOT_EVALUATED, notEvaluatedMessage(`the type of action ${String(action.name)}`, id), idPath);
    return undefined;
  }
  if (!isObject(id)) {
    d.error(E_SHAPE, `'actionTypeId' must be an object with category, owner, provider and version`, idPath);
    return undefined;
  }
  const ok = [
    checkString(d, [...idPath, 'category'], id.category, { enum: CATEGORIES }),
    checkString(d, [...idPath, 'owner'], id.owner, { enum: OWNERS }),
    checkString(d, [...idPath, 'provider'], id.provider, { min: 1, max: 35, pattern: PATTERNS.provider }),
    checkString(d, [...idPath, 'version'], id.version, { min: 1, max: 9, pattern: PATTERNS.version }),
  ].every((v) => v !== undefined);
  if (!ok) return undefined;
  const spec = findActionType(action.actionTypeId, ctx.customTypes);
  const t = action.actionTypeId;
  if (spec?.custom === 'undeclared') {
    // Registered in the account (by another stack, the console, the CLI), which codelocal cannot see:
    // AWS's "not available in region" text would claim a rejection AWS may not make (docs/pipeline.md).
    d.warn(
      'PIPELINE_CUSTOM_ACTION_TYPE',
      `action '${label}' uses the custom action type ${actionTypeKey(t)}, which this file does not declare: codelocal cannot see the action types registered in your account, so it accepts it without checking its artifact counts or configuration (CreatePipeline refuses it if ${ctx.region} has no such type). It cannot run locally; declare it in the template as an AWS::CodePipeline::CustomActionType to have it checked`,
      idPath,
    );
  }
  if (spec) return spec;
  d.error(
    E_ACTION,
    `ActionType (Category: '${t.category}', Provider: '${t.provider}', Owner: '${t.owner}', Version: '${t.version}') in action '${label}' is not available in region '${ctx.regionLabel}'`,
    idPath,
    [
      `codelocal knows these action types: ${ACTION_TYPES.map((s) => actionTypeKey(s)).join(', ')}` +
        suggestionSuffix(
          actionTypeKey(t),
          ACTION_TYPES.map((s) => actionTypeKey(s)),
        ),
    ],
  );
  return undefined;
}

/** Keys 1–50 and values 1–1000 characters, counted before variables are resolved (§1.3, §8.4). */
function checkConfiguration(d: Diagnostics, action: ActionDeclaration, path: Path): void {
  const cfgPath = [...path, 'configuration'];
  for (const [key, value] of Object.entries(action.configuration)) {
    if (key.length < 1 || key.length > 50) {
      d.error(
        E_VALUE,
        collectionMessage(
          cfgPath,
          'Map keys must satisfy constraint: [Member must have length less than or equal to 50, Member must have length greater than or equal to 1]',
        ),
        [...cfgPath, key],
      );
    }
    if (typeof value === 'string' && (value.length < 1 || value.length > 1000)) {
      d.error(
        E_VALUE,
        collectionMessage(
          cfgPath,
          'Map value must satisfy constraint: [Member must have length less than or equal to 1000, Member must have length greater than or equal to 1]',
        ),
        [...cfgPath, key],
      );
    }
  }
}

function checkRequiredKeys(d: Diagnostics, spec: ActionTypeSpec, action: ActionDeclaration, path: Path, label: string) {
  const cfg = action.configuration;
  const cfgPath = [...path, 'configuration'];
  // UNCERTAIN wording: AWS's text for a missing required configuration key is not verified.
  for (const key of spec.requiredKeys) {
    if (cfg[key] === undefined) {
      d.error(
        E_ACTION,
        `Action configuration for action '${label}' is missing required configuration '${key}'`,
        cfgPath,
      );
    }
  }
  for (const c of spec.conditionalKeys ?? []) {
    if (cfg[c.key] === undefined && c.applies(cfg, action.inputArtifacts.length) && c.atRunTime) {
      d.warn(
        'PIPELINE_CONFIGURATION_MISSING',
        `action '${label}' has no configuration '${c.key}', which ${spec.provider} documents as required ${c.when}; CreatePipeline accepts the action without it, but on AWS the action may fail when it runs (codelocal runs it)`,
        cfgPath,
      );
    } else if (cfg[c.key] === undefined && c.applies(cfg, action.inputArtifacts.length)) {
      d.error(
        E_ACTION,
        `Action configuration for action '${label}' is missing required configuration '${c.key}' (required ${c.when})`,
        cfgPath,
      );
    }
  }
  const known = spec.knownKeys;
  for (const key of known ? Object.keys(cfg) : []) {
    if (known && !known.includes(key)) {
      d.warn(
        'PIPELINE_UNKNOWN_CONFIGURATION',
        `configuration '${key}' is not one ${spec.provider} documents and is ignored${suggestionSuffix(key, known)}`,
        [...cfgPath, key],
      );
    }
  }
  if (spec.provider === 'CloudFormation' && cfg.ActionMode !== undefined) {
    checkString(d, [...cfgPath, 'ActionMode'], cfg.ActionMode, {
      enum: ['CREATE_UPDATE', 'DELETE_ONLY', 'REPLACE_ON_FAILURE', 'CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE'],
    });
  }
}

function checkArtifactCounts(
  d: Diagnostics,
  spec: ActionTypeSpec,
  action: ActionDeclaration,
  path: Path,
  label: string,
) {
  const check = (kind: 'input' | 'output', count: number, range: { min: number; max: number }, at: Path) => {
    if (count < range.min) {
      d.error(
        E_ACTION,
        `Action ${label} declares ${count} ${kind} artifacts which is less than the minimum count (${range.min})`,
        at,
      );
    } else if (count > range.max) {
      d.error(
        E_ACTION,
        `Action ${label} declares ${count} ${kind} artifacts which is greater than the maximum count (${range.max})`,
        at,
      );
    }
  };
  check('input', action.inputArtifacts.length, spec.inputs, [...path, 'inputArtifacts']);
  check('output', action.outputArtifacts.length, spec.outputs, [...path, 'outputArtifacts']);
}

function checkArtifactNames(d: Diagnostics, action: ActionDeclaration, path: Path, label: string): void {
  const seen = new Set<string>();
  action.inputArtifacts.forEach((a, i) => {
    const name = checkString(d, [...path, 'inputArtifacts', i, 'name'], a.name, {
      min: 1,
      max: 100,
      pattern: PATTERNS.artifact,
    });
    if (name === undefined) return;
    // UNCERTAIN wording: the same input listed twice is not in the known AWS messages.
    if (seen.has(name))
      d.error(E_ACTION, `Action ${label} declares input artifact '${name}' more than once`, [
        ...path,
        'inputArtifacts',
        i,
      ]);
    seen.add(name);
  });
  action.outputArtifacts.forEach((a, i) => {
    checkString(d, [...path, 'outputArtifacts', i, 'name'], a.name, { min: 1, max: 100, pattern: PATTERNS.artifact });
  });
}

/** commands, outputVariables, output `files` and environmentVariables belong to the Commands action (§1.3). */
function checkComputeFields(
  d: Diagnostics,
  spec: ActionTypeSpec | undefined,
  action: ActionDeclaration,
  path: Path,
  label: string,
): void {
  const isCompute = action.actionTypeId?.category === 'Compute';
  const filesAt = action.outputArtifacts.findIndex((o) => o.files !== undefined);
  const present: Path[] = [];
  if (action.commands !== undefined) present.push([...path, 'commands']);
  if (action.outputVariables !== undefined) present.push([...path, 'outputVariables']);
  if (filesAt >= 0) present.push([...path, 'outputArtifacts', filesAt, 'files']);
  if (action.environmentVariables !== undefined) present.push([...path, 'environmentVariables']);
  if (!isCompute) {
    // The observed message names the commands field even when `files` was the culprit (aws-cdk#38843);
    // UNCERTAIN that outputVariables/environmentVariables get the same text.
    if (present.length > 0) {
      d.error(
        E_ACTION,
        `The following action cannot contain a commands field: ${label}. To use the commands field, use a compute action.`,
        present[0]!,
      );
    }
    return;
  }
  if (spec?.provider !== 'Commands') return;
  const commands = stringList(d, [...path, 'commands'], action.commands);
  if (action.commands === undefined || action.commands === null) {
    // UNCERTAIN wording.
    d.error(E_ACTION, `Action ${label} is a Commands action and must have a commands list (1 to 50 commands)`, path);
  } else if (commands && checkListLength(d, [...path, 'commands'], commands, { min: 1, max: 50 })) {
    commands.forEach((c, i) => {
      const at = [...path, 'commands', i];
      if (checkString(d, at, c, { min: 1, max: 1000 }) !== undefined && /[\r\n]/.test(c)) {
        // UNCERTAIN wording (UG:action-reference-Commands: "Multi-line formats are not supported").
        d.error(
          E_ACTION,
          `Command ${i + 1} of action ${label} spans several lines; the Commands action does not support multi-line commands`,
          at,
        );
      }
    });
  }
  const vars = stringList(d, [...path, 'outputVariables'], action.outputVariables);
  if (vars && checkListLength(d, [...path, 'outputVariables'], vars, { min: 1, max: 15 })) {
    vars.forEach((v, i) => checkString(d, [...path, 'outputVariables', i], v, { min: 1, max: 128 }));
  }
  action.outputArtifacts.forEach((o, i) => {
    const files = stringList(d, [...path, 'outputArtifacts', i, 'files'], o.files);
    if (files) checkListLength(d, [...path, 'outputArtifacts', i, 'files'], files, { min: 1, max: 10 });
  });
  checkEnvironmentVariables(d, action, path);
}

function checkEnvironmentVariables(d: Diagnostics, action: ActionDeclaration, path: Path): void {
  const env = action.environmentVariables as unknown;
  if (env === undefined || env === null) return;
  const at = [...path, 'environmentVariables'];
  if (!Array.isArray(env)) {
    d.error(E_SHAPE, `'environmentVariables' must be a list of {name, value, type}`, at);
    return;
  }
  if (!checkListLength(d, at, env, { min: 1, max: 10 })) return;
  env.forEach((e: unknown, i) => {
    if (!isObject(e)) {
      d.error(E_SHAPE, `'environmentVariables' entries must be objects with name and value`, [...at, i]);
      return;
    }
    checkString(d, [...at, i, 'name'], e.name, { min: 1, max: 128, pattern: PATTERNS.envName });
    checkString(d, [...at, i, 'value'], e.value, { min: 1, max: 2000 });
    checkString(d, [...at, i, 'type'], e.type, { optional: true, enum: ['PLAINTEXT', 'SECRETS_MANAGER'] });
  });
}

function checkTimeout(d: Diagnostics, action: ActionDeclaration, path: Path, label: string): void {
  if (action.timeoutInMinutes === undefined) return;
  const at = [...path, 'timeoutInMinutes'];
  if (action.actionTypeId?.category !== 'Approval') {
    // UNCERTAIN wording (API:ActionDeclaration: "available only to the manual approval ActionType").
    d.error(
      E_ACTION,
      `Action ${label} cannot set timeoutInMinutes: it is available only to manual approval actions`,
      at,
    );
    return;
  }
  checkInteger(d, at, action.timeoutInMinutes, { min: 5, max: 86400 });
}

/** "using pipeline-level variables in any kind of Source action is not supported" (§1.8). */
function checkNoPipelineVariables(d: Diagnostics, action: ActionDeclaration, path: Path, label: string): void {
  for (const [key, value] of Object.entries(action.configuration)) {
    if (typeof value !== 'string') continue;
    const ref = findVariableReferences(value).find((r) => r.namespace === 'variables');
    if (ref) {
      // UNCERTAIN wording.
      d.error(
        E_ACTION,
        `Action ${label} is a source action and cannot use pipeline-level variables (${ref.text} in configuration '${key}')`,
        [...path, 'configuration', key],
      );
    }
  }
}
