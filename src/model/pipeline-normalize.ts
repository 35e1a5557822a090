/**
 * Turns a parsed API-shaped pipeline (get-pipeline JSON, or a converted CloudFormation resource)
 * into a PipelineDeclaration with the defaults get-pipeline shows: runOrder 1, configuration {},
 * inputArtifacts [] and outputArtifacts [] (docs/aws/codepipeline.md §1.3), and version 1 (a pipeline
 * that was never updated, §1.1). Only container shapes are
 * checked here; field values (names, ranges, patterns) are the validator's job, so a missing
 * scalar stays undefined and is reported once, there.
 */
import type { ActionDeclaration, ArtifactRef, PipelineDeclaration, StageDeclaration } from './pipeline-types.js';
import { Diagnostics, E_SHAPE, type Path } from './pipeline-diagnostics.js';
import { suggestionSuffix } from './suggest.js';
import { isNotEvaluated, notEvaluatedMessage, VALUE_NOT_EVALUATED } from './not-evaluated.js';

const PIPELINE_KEYS = [
  'name',
  'roleArn',
  'artifactStore',
  'artifactStores',
  'stages',
  'version',
  'executionMode',
  'pipelineType',
  'variables',
  'triggers',
];
const STAGE_KEYS = ['name', 'actions', 'blockers', 'onFailure', 'onSuccess', 'beforeEntry'];
const ACTION_KEYS = [
  'name',
  'actionTypeId',
  'runOrder',
  'configuration',
  'inputArtifacts',
  'outputArtifacts',
  'namespace',
  'region',
  'roleArn',
  'commands',
  'outputVariables',
  'environmentVariables',
  'timeoutInMinutes',
];

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isNotEvaluated(v);
}

/** A list or object the pipeline is built from is unknown (Fn::Transform): nothing can use it (issue 11). */
function unknownShape(d: Diagnostics, v: unknown, what: string, path: Path): boolean {
  if (!isNotEvaluated(v)) return false;
  d.error(VALUE_NOT_EVALUATED, notEvaluatedMessage(what, v), path);
  return true;
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function checkKeys(d: Diagnostics, obj: Obj, known: string[], path: Path, what: string): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    d.warn('PIPELINE_UNKNOWN_KEY', `unknown ${what} field '${key}' is ignored${suggestionSuffix(key, known)}`, [
      ...path,
      key,
    ]);
  }
}

/** A list field: absent -> [], wrong type -> reported and treated as []. */
function list(d: Diagnostics, obj: Obj, key: string, path: Path): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (unknownShape(d, v, `'${key}'`, [...path, key])) return [];
  d.error(E_SHAPE, `'${key}' must be a list, found ${kindOf(v)}`, [...path, key]);
  return [];
}

function artifacts(d: Diagnostics, obj: Obj, key: string, path: Path): ArtifactRef[] {
  return list(d, obj, key, path).map((item, i) => {
    if (isObject(item)) return item as unknown as ArtifactRef;
    if (unknownShape(d, item, `an entry of '${key}'`, [...path, key, i]))
      return { name: undefined as unknown as string };
    d.error(E_SHAPE, `each entry of '${key}' must be an object with a name, found ${kindOf(item)}`, [...path, key, i]);
    return { name: undefined as unknown as string };
  });
}

function configuration(d: Diagnostics, obj: Obj, path: Path): Record<string, string> {
  const v = obj.configuration;
  if (v === undefined || v === null) return {};
  if (unknownShape(d, v, "the action's 'configuration'", [...path, 'configuration'])) return {};
  if (!isObject(v)) {
    d.error(E_SHAPE, `'configuration' must be an object of strings, found ${kindOf(v)}`, [...path, 'configuration']);
    return {};
  }
  for (const [k, value] of Object.entries(v)) {
    // One unknown value is accepted; an action that needs it fails when it runs (issue 11).
    if (typeof value !== 'string' && !isNotEvaluated(value)) {
      d.error(E_SHAPE, `configuration value '${k}' must be a string, found ${kindOf(value)}`, [
        ...path,
        'configuration',
        k,
      ]);
    }
  }
  return v as Record<string, string>;
}

function normalizeAction(d: Diagnostics, raw: unknown, path: Path): ActionDeclaration {
  if (unknownShape(d, raw, 'an action', path)) raw = {};
  else if (!isObject(raw)) {
    d.error(E_SHAPE, `an action must be an object, found ${kindOf(raw)}`, path);
    raw = {};
  }
  const a = raw as Obj;
  checkKeys(d, a, ACTION_KEYS, path, 'action');
  return {
    ...(a as unknown as ActionDeclaration),
    runOrder: a.runOrder === undefined || a.runOrder === null ? 1 : (a.runOrder as number),
    configuration: configuration(d, a, path),
    inputArtifacts: artifacts(d, a, 'inputArtifacts', path),
    outputArtifacts: artifacts(d, a, 'outputArtifacts', path),
  };
}

function normalizeStage(d: Diagnostics, raw: unknown, path: Path): StageDeclaration {
  if (unknownShape(d, raw, 'a stage', path)) raw = {};
  else if (!isObject(raw)) {
    d.error(E_SHAPE, `a stage must be an object, found ${kindOf(raw)}`, path);
    raw = {};
  }
  const s = raw as Obj;
  checkKeys(d, s, STAGE_KEYS, path, 'stage');
  return {
    ...(s as unknown as StageDeclaration),
    actions: list(d, s, 'actions', path).map((a, i) => normalizeAction(d, a, [...path, 'actions', i])),
  };
}

export function normalizePipeline(d: Diagnostics, raw: unknown): PipelineDeclaration {
  if (!isObject(raw)) {
    d.error(
      E_SHAPE,
      `expected a pipeline declaration (get-pipeline JSON or a CloudFormation template), found ${kindOf(raw)}`,
      [],
    );
    raw = {};
  }
  const p = raw as Obj;
  checkKeys(d, p, PIPELINE_KEYS, [], 'pipeline');
  return {
    ...(p as unknown as PipelineDeclaration),
    version: p.version === undefined || p.version === null ? 1 : (p.version as number),
    stages: list(d, p, 'stages', []).map((s, i) => normalizeStage(d, s, ['stages', i])),
  };
}

/** Every path present in a value: the keys of LoadedPipeline.positions. */
export function allPaths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...allPaths(v, [...prefix, i])));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) out.push(...allPaths(v, [...prefix, k]));
  return out;
}
