/**
 * Field-level checks with the wording of AWS's ValidationException for the API model's
 * constraints (length, pattern, range, enum): `1 validation error detected: Value 'x' at
 * 'pipeline.stages.1.member.name' failed to satisfy constraint: Member must ...`.
 * The constraint texts are the standard ones; which field path AWS names is UNCERTAIN (see awsPath).
 */
import {
  collectionMessage,
  constraintMessage,
  Diagnostics,
  E_SHAPE,
  E_VALUE,
  type Path,
} from './pipeline-diagnostics.js';
import { isNotEvaluated } from './not-evaluated.js';

/** Patterns as the API model spells them (docs/aws/codepipeline.md §1.1, §1.3, §1.5). */
export const PATTERNS = {
  name: { re: /^[A-Za-z0-9.@\-_]+$/, text: '[A-Za-z0-9.@\\-_]+' },
  artifact: { re: /^[a-zA-Z0-9_-]+$/, text: '[a-zA-Z0-9_\\-]+' },
  namespace: { re: /^[A-Za-z0-9@\-_]+$/, text: '[A-Za-z0-9@\\-_]+' },
  variableName: { re: /^[A-Za-z0-9@\-_]+$/, text: '[A-Za-z0-9@\\-_]+' },
  provider: { re: /^[0-9A-Za-z_-]+$/, text: '[0-9A-Za-z_-]+' },
  version: { re: /^[0-9A-Za-z_-]+$/, text: '[0-9A-Za-z_-]+' },
  roleArn: { re: /^arn:aws(-[\w]+)*:iam::[0-9]{12}:role\/.*$/, text: 'arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*' },
  bucket: { re: /^[a-zA-Z0-9\-.]+$/, text: '[a-zA-Z0-9\\-\\.]+' },
  envName: { re: /^[A-Za-z0-9_]+$/, text: '[A-Za-z0-9_]+' },
} as const;

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: { re: RegExp; text: string };
  /** Absent is fine (the field is optional). */
  optional?: boolean;
  enum?: readonly string[];
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Returns the string when it passed every rule, else undefined (already reported). */
export function checkString(d: Diagnostics, path: Path, value: unknown, rule: StringRule): string | undefined {
  // Unknown (Fn::Transform) is not wrong: it is not checked (issue 11).
  if (isNotEvaluated(value)) return undefined;
  if (value === undefined || value === null) {
    if (!rule.optional) d.error(E_VALUE, constraintMessage(path, null, 'Member must not be null'), path);
    return undefined;
  }
  if (typeof value !== 'string') {
    d.error(E_SHAPE, `'${String(path[path.length - 1])}' must be a string, found ${kindOf(value)}`, path);
    return undefined;
  }
  const fail = (c: string): undefined => {
    d.error(E_VALUE, constraintMessage(path, value, c), path);
    return undefined;
  };
  if (rule.min !== undefined && value.length < rule.min)
    return fail(`Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max)
    return fail(`Member must have length less than or equal to ${rule.max}`);
  if (rule.enum && !rule.enum.includes(value))
    return fail(`Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
  if (rule.pattern && !rule.pattern.re.test(value))
    return fail(`Member must satisfy regular expression pattern: ${rule.pattern.text}`);
  return value;
}

/** An integer in [min, max]; non-integers are rejected as the user guide says for runOrder (§1.4). */
export function checkInteger(
  d: Diagnostics,
  path: Path,
  value: unknown,
  range: { min: number; max: number; optional?: boolean },
): number | undefined {
  if (isNotEvaluated(value)) return undefined;
  if (value === undefined || value === null) {
    if (!range.optional) d.error(E_VALUE, constraintMessage(path, null, 'Member must not be null'), path);
    return undefined;
  }
  if (typeof value !== 'number') {
    d.error(E_SHAPE, `'${String(path[path.length - 1])}' must be a number, found ${kindOf(value)}`, path);
    return undefined;
  }
  // UNCERTAIN wording: AWS's text for a fraction is not known; the constraint reads like the others.
  if (!Number.isInteger(value)) {
    d.error(E_VALUE, constraintMessage(path, value, 'Member must be a whole number'), path);
    return undefined;
  }
  if (value < range.min) {
    d.error(
      E_VALUE,
      constraintMessage(path, value, `Member must have value greater than or equal to ${range.min}`),
      path,
    );
    return undefined;
  }
  if (value > range.max) {
    d.error(E_VALUE, constraintMessage(path, value, `Member must have value less than or equal to ${range.max}`), path);
    return undefined;
  }
  return value;
}

/** A list of strings (commands, outputVariables, files); reports the wrong shapes, returns the strings. */
export function stringList(d: Diagnostics, path: Path, value: unknown): string[] | undefined {
  if (value === undefined || value === null || isNotEvaluated(value)) return undefined;
  if (!Array.isArray(value)) {
    d.error(E_SHAPE, `'${String(path[path.length - 1])}' must be a list of strings, found ${kindOf(value)}`, path);
    return undefined;
  }
  const bad = value.findIndex((v) => typeof v !== 'string');
  if (bad >= 0) {
    d.error(E_SHAPE, `'${String(path[path.length - 1])}' must be a list of strings, found ${kindOf(value[bad])}`, [
      ...path,
      bad,
    ]);
    return undefined;
  }
  return value as string[];
}

/** A list's length limits in the ValidationException shape. */
export function checkListLength(
  d: Diagnostics,
  path: Path,
  list: readonly unknown[],
  range: { min: number; max: number },
): boolean {
  if (list.length < range.min) {
    d.error(E_VALUE, collectionMessage(path, `Member must have length greater than or equal to ${range.min}`), path);
    return false;
  }
  if (list.length > range.max) {
    d.error(E_VALUE, collectionMessage(path, `Member must have length less than or equal to ${range.max}`), path);
    return false;
  }
  return true;
}
