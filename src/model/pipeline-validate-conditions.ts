/**
 * Validation of V2 stage conditions (docs/aws/codepipeline.md §5.9, §12.5): each of `beforeEntry`,
 * `onSuccess`, `onFailure` holds one condition of one to five rules, with the results AWS allows for
 * that condition type; rules are `Rule`/`AWS` types from the documented providers; an automatic
 * retry names its mode. Wordings are codelocal's (UNCERTAIN: AWS's texts are not documented).
 */
import { Diagnostics, E_STAGE, type Path } from './pipeline-diagnostics.js';
import type { StageDeclaration } from './pipeline-types.js';
import { checkListLength, checkString, PATTERNS } from './pipeline-validate-fields.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The rule providers AWS documents (UG:rule-reference-*). */
export const RULE_PROVIDERS = [
  'VariableCheck',
  'DeploymentWindow',
  'Commands',
  'LambdaInvoke',
  'CloudWatchAlarm',
  'CodeBuild',
] as const;

/** Results each condition type may engage (UG:stage-conditions). */
const RESULTS = {
  beforeEntry: ['FAIL', 'SKIP'],
  onSuccess: ['FAIL', 'ROLLBACK'],
  onFailure: ['ROLLBACK', 'FAIL', 'RETRY'],
} as const;

export const RETRY_MODES = ['FAILED_ACTIONS', 'ALL_ACTIONS'] as const;

function checkRule(d: Diagnostics, rule: unknown, path: Path): void {
  if (!isObj(rule)) {
    d.error(E_STAGE, 'a rule must be an object with name and ruleTypeId', path);
    return;
  }
  checkString(d, [...path, 'name'], rule.name, { min: 1, max: 100, pattern: PATTERNS.name });
  const t = rule.ruleTypeId;
  if (!isObj(t)) {
    d.error(E_STAGE, `rule ${String(rule.name)} needs a ruleTypeId {category, owner, provider, version}`, [
      ...path,
      'ruleTypeId',
    ]);
    return;
  }
  checkString(d, [...path, 'ruleTypeId', 'category'], t.category, { enum: ['Rule'] });
  checkString(d, [...path, 'ruleTypeId', 'owner'], t.owner ?? 'AWS', { enum: ['AWS'] });
  checkString(d, [...path, 'ruleTypeId', 'provider'], t.provider, { enum: RULE_PROVIDERS });
  checkString(d, [...path, 'ruleTypeId', 'version'], t.version, { min: 1, max: 9, pattern: PATTERNS.version });
  if (rule.configuration !== undefined && !isObj(rule.configuration)) {
    d.error(E_STAGE, `configuration of rule ${String(rule.name)} must be an object of strings`, [
      ...path,
      'configuration',
    ]);
  }
}

function checkConditions(d: Diagnostics, kind: keyof typeof RESULTS, conditions: unknown, path: Path): void {
  if (!Array.isArray(conditions)) {
    if (kind !== 'onFailure' || conditions !== undefined) {
      d.error(E_STAGE, `${kind} needs 'conditions': a list with one condition`, path);
    }
    return;
  }
  if (!checkListLength(d, path, conditions, { min: 1, max: 1 })) return;
  conditions.forEach((c: unknown, i) => {
    const at = [...path, i];
    if (!isObj(c)) return d.error(E_STAGE, 'a condition must be an object with rules', at);
    if (c.result !== undefined) checkString(d, [...at, 'result'], c.result, { enum: RESULTS[kind] });
    const rules = Array.isArray(c.rules) ? c.rules : [];
    if (checkListLength(d, [...at, 'rules'], rules, { min: 1, max: 5 })) {
      rules.forEach((r: unknown, j) => checkRule(d, r, [...at, 'rules', j]));
    }
  });
}

/** Checks the stage's `beforeEntry`, `onSuccess` and `onFailure`. */
export function checkStageConditions(d: Diagnostics, stage: StageDeclaration, path: Path, mode?: unknown): void {
  const raw = stage as unknown as Obj;
  const success = isObj(raw.onSuccess) && Array.isArray(raw.onSuccess.conditions) ? raw.onSuccess.conditions : [];
  if (mode === 'PARALLEL' && success.some((c: unknown) => isObj(c) && c.result === 'ROLLBACK')) {
    // Rollback is not available in PARALLEL mode (§12.3); UNCERTAIN wording.
    d.error(
      E_STAGE,
      `Stage '${String(stage.name)}' has a ROLLBACK success result, which a PARALLEL pipeline cannot use`,
      [...path, 'onSuccess'],
    );
  }
  for (const kind of ['beforeEntry', 'onSuccess'] as const) {
    if (raw[kind] === undefined) continue;
    if (!isObj(raw[kind])) d.error(E_STAGE, `${kind} must be an object with conditions`, [...path, kind]);
    else checkConditions(d, kind, raw[kind].conditions, [...path, kind, 'conditions']);
  }
  const f = raw.onFailure;
  if (f === undefined) return;
  if (!isObj(f)) return d.error(E_STAGE, 'onFailure must be an object', [...path, 'onFailure']);
  if (f.result !== undefined) checkString(d, [...path, 'onFailure', 'result'], f.result, { enum: RESULTS.onFailure });
  checkConditions(d, 'onFailure', f.conditions, [...path, 'onFailure', 'conditions']);
  const retry = f.retryConfiguration;
  if (retry !== undefined) {
    const mode = isObj(retry) ? retry.retryMode : undefined;
    checkString(d, [...path, 'onFailure', 'retryConfiguration', 'retryMode'], mode, { enum: RETRY_MODES });
    if (f.result !== 'RETRY') {
      d.error(E_STAGE, `onFailure.retryConfiguration applies only with result RETRY`, [
        ...path,
        'onFailure',
        'retryConfiguration',
      ]);
    }
  }
}
