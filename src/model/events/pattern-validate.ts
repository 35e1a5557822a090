/**
 * Which event patterns EventBridge accepts (docs/aws/eventbridge.md §2.4): PutRule and TestEventPattern reject the
 * rest with InvalidEventPatternException "Event pattern is not valid. Reason: <reason>". The reasons below are
 * AWS's own words where we know them; the others are marked in docs/fidelity.md.
 */
import { cidrChecker, isPlainObject, OPERATORS } from './pattern-operators.js';

/** The prefix AWS puts before every reason (docs/aws/eventbridge.md §2.4). */
export const INVALID_PATTERN_PREFIX = 'Event pattern is not valid. Reason: ';

/** The most `$or` combinations one pattern may expand to (docs/aws/eventbridge.md §2.2). */
export const MAX_OR_COMBINATIONS = 1000;

const OPERATOR_SET = new Set<string>(OPERATORS);

/**
 * `$or` is an OR only when it holds two or more objects none of whose keys is an operator; otherwise it is an
 * ordinary field name (docs/aws/eventbridge.md §2.2).
 */
export function isOrClause(v: unknown): v is Record<string, unknown>[] {
  return (
    Array.isArray(v) &&
    v.length >= 2 &&
    v.every((b) => isPlainObject(b) && Object.keys(b).every((k) => !OPERATOR_SET.has(k)))
  );
}

/** Problems of a pattern in AWS's reason words (empty when EventBridge would accept it). */
export function validateEventPattern(pattern: unknown): string[] {
  if (!isPlainObject(pattern)) return ['Filter is not an object'];
  const problems: string[] = [];
  checkObject(pattern, problems);
  if (problems.length === 0 && combinations(pattern) > MAX_OR_COMBINATIONS)
    problems.push(`The event pattern expands to more than ${MAX_OR_COMBINATIONS} rule combinations through $or`);
  return problems;
}

function checkObject(obj: Record<string, unknown>, problems: string[]): void {
  if (Object.keys(obj).length === 0) problems.push('Empty objects are not allowed');
  for (const [key, sub] of Object.entries(obj)) {
    if (key === '$or' && isOrClause(sub)) sub.forEach((branch) => checkObject(branch, problems));
    else if (Array.isArray(sub)) checkLeaf(sub, problems);
    else if (isPlainObject(sub)) checkObject(sub, problems);
    else problems.push(`"${key}" must be an object or an array`);
  }
}

function checkLeaf(entries: unknown[], problems: string[]): void {
  if (entries.length === 0) problems.push('Empty arrays are not allowed');
  for (const entry of entries) {
    if (entry === null || ['string', 'number', 'boolean'].includes(typeof entry)) continue;
    if (!isPlainObject(entry)) {
      problems.push('Match value must be String, number, true, false, or null');
      continue;
    }
    const keys = Object.keys(entry);
    if (keys.length !== 1) {
      problems.push('Only one key allowed in match expression');
      continue;
    }
    const problem = checkOperator(keys[0]!, entry[keys[0]!]);
    if (problem) problems.push(problem);
  }
}

function checkOperator(op: string, arg: unknown): string | undefined {
  switch (op) {
    case 'prefix':
    case 'suffix':
      return checkAffix(op, arg);
    case 'equals-ignore-case':
      return typeof arg === 'string' ? undefined : `${op} match pattern must be a string`;
    case 'wildcard':
      return typeof arg === 'string' ? checkWildcard(arg) : 'wildcard match pattern must be a string';
    case 'anything-but':
      return checkAnythingBut(arg);
    case 'numeric':
      return checkNumeric(arg);
    case 'exists':
      return typeof arg === 'boolean' ? undefined : 'exists match pattern must be either true or false.';
    case 'cidr':
      return typeof arg === 'string' && cidrChecker(arg) ? undefined : `Malformed CIDR: ${JSON.stringify(arg)}`;
    default:
      return `Unrecognized match type ${op}`;
  }
}

function checkAffix(op: string, arg: unknown): string | undefined {
  if (typeof arg === 'string') return undefined;
  if (isPlainObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length === 1 && keys[0] === 'equals-ignore-case' && typeof arg['equals-ignore-case'] === 'string')
      return undefined;
    return `Unsupported ${op} pattern: ${keys.join(', ')}`;
  }
  return `${op} match pattern must be a string`;
}

/** `*` anywhere but never twice in a row; a backslash escapes only `*` or `\` (§2.2). */
function checkWildcard(glob: string): string | undefined {
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      if (glob[i + 1] !== '*' && glob[i + 1] !== '\\') return `Invalid escape character at pos ${i}`;
      i++;
    } else if (c === '*' && glob[i + 1] === '*') return `Consecutive wildcard characters at pos ${i + 1}`;
  }
  return undefined;
}

const ANYTHING_BUT_INNER = new Set(['prefix', 'suffix', 'equals-ignore-case', 'wildcard']);

function checkAnythingBut(arg: unknown): string | undefined {
  if (typeof arg === 'string' || typeof arg === 'number') return undefined;
  if (Array.isArray(arg)) {
    if (arg.length === 0) return 'Empty arrays are not allowed';
    const strings = arg.every((v) => typeof v === 'string');
    const numbers = arg.every((v) => typeof v === 'number');
    if (strings || numbers) return undefined;
    return 'Inside anything but list, start|null|boolean is not supported.';
  }
  if (!isPlainObject(arg)) return 'Value of anything-but must be an array or single string/number value.';
  const keys = Object.keys(arg);
  if (keys.length !== 1) return 'Only one key allowed in match expression';
  const inner = keys[0]!;
  if (!ANYTHING_BUT_INNER.has(inner)) return `Unsupported anything-but pattern: ${inner}`;
  const values = Array.isArray(arg[inner]) ? (arg[inner] as unknown[]) : [arg[inner]];
  if (values.length === 0) return 'Empty arrays are not allowed';
  if (!values.every((v) => typeof v === 'string')) return `${inner} match pattern must be a string`;
  if ((inner === 'prefix' || inner === 'suffix') && values.some((v) => v === ''))
    return 'Null prefix/suffix not allowed';
  if (inner === 'wildcard') return values.map((v) => checkWildcard(v as string)).find((p) => p !== undefined);
  return undefined;
}

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

/** `[op, n]` or a range `[>|>=, low, <|<=, high]` with low < high (§2.2). */
function checkNumeric(arg: unknown): string | undefined {
  if (!Array.isArray(arg)) return 'Value of numeric must be an array.';
  if (arg.length === 0) return 'Invalid member in numeric match: ]';
  const [op1, v1, op2, v2] = arg as unknown[];
  if (typeof op1 !== 'string') return `Invalid member in numeric match: ${JSON.stringify(op1)}`;
  if (!['=', ...LOWER, ...UPPER].includes(op1)) return `Unrecognized numeric range operator: ${op1}`;
  if (typeof v1 !== 'number') return `Value of ${op1 === '=' ? 'equals' : op1} must be numeric`;
  if (arg.length === 2) return undefined;
  if (!LOWER.has(op1) || arg.length > 4) return 'Too many elements in numeric expression';
  if (typeof op2 !== 'string') return `Bad value in numeric range: ${JSON.stringify(op2)}`;
  if (!UPPER.has(op2)) return `Bad numeric range operator: ${op2}`;
  if (typeof v2 !== 'number') return `Value of ${op2} must be numeric`;
  return v2 > v1 ? undefined : 'Bottom must be less than top';
}

/** How many rules `$or` expands the pattern to: the product of the branch counts, summed inside a branch. */
function combinations(obj: Record<string, unknown>): number {
  let total = 1;
  for (const [key, sub] of Object.entries(obj)) {
    if (key === '$or' && isOrClause(sub)) total *= sub.reduce((n, branch) => n + combinations(branch), 0);
    else if (isPlainObject(sub)) total *= combinations(sub);
  }
  return total;
}
