/**
 * EventBridge's event-pattern matching, so local events (ref moves, image pushes, state changes) select rules and
 * targets exactly as an event bus would (docs/aws/eventbridge.md §2). The walk follows the event: a pattern object
 * descends into the event object of the same name, a pattern array is a leaf test on the event's values there.
 */
import { isPlainObject, isScalar, operatorMatches, type Scalar } from './pattern-operators.js';
import type { EventPattern } from './types.js';

export { validateEventPattern, isOrClause } from './pattern-validate.js';
import { isOrClause } from './pattern-validate.js';

/**
 * True when `event` matches `pattern`. The pattern is assumed valid (see validateEventPattern); an invalid part
 * simply does not match.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchNode(pattern, event);
}

/**
 * A pattern object against an event value. An array of objects matches when one element matches the whole
 * sub-pattern: fields from different elements never combine (docs/aws/eventbridge.md §2.3).
 */
function matchNode(pattern: Record<string, unknown>, value: unknown): boolean {
  if (Array.isArray(value)) {
    const objects = value.flat(Infinity).filter(isPlainObject);
    if (objects.length > 0) return objects.some((o) => matchFields(pattern, o));
    return matchFields(pattern, undefined);
  }
  return matchFields(pattern, isPlainObject(value) ? value : undefined);
}

/** Every field of the pattern holds (AND); a missing event object leaves every field absent. */
function matchFields(pattern: Record<string, unknown>, obj: Record<string, unknown> | undefined): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or' && isOrClause(sub)) {
      if (!sub.some((branch) => matchFields(branch, obj))) return false;
      continue;
    }
    const field = obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub, field)) return false;
    } else if (isPlainObject(sub)) {
      if (!matchNode(sub, field)) return false;
    } else return false;
  }
  return true;
}

/**
 * The leaf values of an event field: the scalar itself, or every scalar of an array (nested arrays flattened).
 * An object is not a leaf, so a field holding one counts as absent here (docs/aws/eventbridge.md §2.2, exists).
 */
function leafValues(field: unknown): Scalar[] {
  if (field === undefined) return [];
  if (Array.isArray(field)) return field.flat(Infinity).filter(isScalar);
  return isScalar(field) ? [field] : [];
}

/** Entries of a leaf array are ORed; an event array matches when any of its values does (§2.3). */
function matchLeaf(entries: unknown[], field: unknown): boolean {
  const values = leafValues(field);
  return entries.some((entry) => {
    if (isScalar(entry)) return values.some((v) => v === entry);
    if (!isPlainObject(entry)) return false;
    const [op, arg] = Object.entries(entry)[0] ?? [];
    if (op === undefined) return false;
    if (op === 'exists') return arg === values.length > 0;
    // A missing field matches nothing but exists:false, anything-but included (§2.2, UNCERTAIN there).
    return values.some((v) => operatorMatches(op, arg, v));
  });
}
