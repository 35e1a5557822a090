/**
 * The leaf operators of EventBridge event patterns (docs/aws/eventbridge.md §2.2): how one pattern entry
 * (`"x"`, `{"prefix":"x"}`, `{"numeric":[">",0]}` …) judges one leaf value of an event. Kept apart from the
 * tree walk in pattern.ts so each operator's rule reads on its own.
 */
import { BlockList, isIP } from 'node:net';

export const OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
] as const;

export type Scalar = string | number | boolean | null;

export function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `*` is zero or more characters; `\*` and `\\` are literal (docs/aws/eventbridge.md §2.2). */
export function wildcardRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') out += escapeRegExp(glob[++i] ?? '');
    else if (c === '*') out += '[\\s\\S]*';
    else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** `10.0.0.0/24` or `2001:db8::/32` as a range check; undefined when the text is no CIDR block. */
export function cidrChecker(text: string): ((ip: string) => boolean) | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const family = m ? isIP(m[1]!) : 0;
  if (!m || family === 0) return undefined;
  const bits = Number(m[2]);
  if (bits > (family === 4 ? 32 : 128)) return undefined;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(m[1]!, bits, type);
  return (ip) => {
    const f = isIP(ip);
    return f !== 0 && list.check(ip, f === 4 ? 'ipv4' : 'ipv6');
  };
}

/** prefix/suffix take a string or `{"equals-ignore-case": string}` (§2.2). */
function affixMatches(spec: unknown, value: Scalar, atStart: boolean): boolean {
  if (typeof value !== 'string') return false;
  let needle: string;
  let subject = value;
  if (isPlainObject(spec)) {
    needle = String(spec['equals-ignore-case']).toLowerCase();
    subject = value.toLowerCase();
  } else needle = String(spec);
  return atStart ? subject.startsWith(needle) : subject.endsWith(needle);
}

const NUMERIC_TESTS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** `["op", n, "op", n]`: every condition holds, numbers only (§2.2). */
function numericMatches(spec: unknown[], value: Scalar): boolean {
  if (typeof value !== 'number') return false;
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const test = NUMERIC_TESTS[String(spec[i])];
    if (!test || !test(value, Number(spec[i + 1]))) return false;
  }
  return true;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/** True when `value` is one of the excluded values of an `anything-but` (§2.2). */
function excludedBy(spec: unknown, value: Scalar): boolean {
  if (!isPlainObject(spec)) return asList(spec).some((x) => x === value);
  const [op, arg] = Object.entries(spec)[0] ?? [];
  if (typeof value !== 'string') return false;
  const items = asList(arg).map(String);
  switch (op) {
    case 'prefix':
      return items.some((p) => value.startsWith(p));
    case 'suffix':
      return items.some((s) => value.endsWith(s));
    case 'equals-ignore-case':
      return items.some((s) => s.toLowerCase() === value.toLowerCase());
    case 'wildcard':
      return items.some((w) => wildcardRegExp(w).test(value));
    default:
      return false;
  }
}

/** One operator entry against one present leaf value. `exists` is decided by the caller (it needs absence). */
export function operatorMatches(op: string, arg: unknown, value: Scalar): boolean {
  switch (op) {
    case 'prefix':
      return affixMatches(arg, value, true);
    case 'suffix':
      return affixMatches(arg, value, false);
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(arg).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(String(arg)).test(value);
    case 'anything-but':
      return !excludedBy(arg, value);
    case 'numeric':
      return Array.isArray(arg) && numericMatches(arg, value);
    case 'cidr':
      return typeof value === 'string' && (cidrChecker(String(arg))?.(value) ?? false);
    default:
      return false;
  }
}
