/**
 * IAM condition operators (docs/aws/iam.md §2.5, §2.6): operators and keys AND together, values of one key
 * OR together; negated operators hold for an absent key; `IfExists` holds for an absent key;
 * `ForAnyValue:`/`ForAllValues:` compare sets.
 */
import type { ConditionBlock, ContextValue } from './policy-types.js';
import { arnMatches, globMatch } from './wildcard.js';

type Compare = (policyValue: string, requestValue: string) => boolean;

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
const date = (s: string) => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));

function ordered(parse: (s: string) => number, test: (r: number, p: number) => boolean): Compare {
  return (p, r) => {
    const a = parse(r);
    const b = parse(p);
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };
}

function ipv4(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  return m ? m.slice(1).reduce((acc, o) => acc * 256 + Number(o), 0) : undefined;
}

const inCidr: Compare = (p, r) => {
  const [base, bits = '32'] = p.split('/');
  const a = ipv4(r);
  const b = ipv4(base!);
  if (a === undefined || b === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(a / size) === Math.floor(b / size);
};

const eq = (a: number, b: number) => a === b;
const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;

/** Positive operators; the negated ones are these with their result inverted. */
const POSITIVE: Record<string, Compare> = {
  StringEquals: (p, r) => p === r,
  StringEqualsIgnoreCase: (p, r) => p.toLowerCase() === r.toLowerCase(),
  StringLike: (p, r) => globMatch(p, r),
  NumericEquals: ordered(num, eq),
  NumericLessThan: ordered(num, lt),
  NumericLessThanEquals: ordered(num, le),
  NumericGreaterThan: ordered(num, gt),
  NumericGreaterThanEquals: ordered(num, ge),
  DateEquals: ordered(date, eq),
  DateLessThan: ordered(date, lt),
  DateLessThanEquals: ordered(date, le),
  DateGreaterThan: ordered(date, gt),
  DateGreaterThanEquals: ordered(date, ge),
  Bool: (p, r) => p.toLowerCase() === r.toLowerCase(),
  BinaryEquals: (p, r) => p === r,
  IpAddress: inCidr,
  ArnEquals: (p, r) => arnMatches(p, r),
  ArnLike: (p, r) => arnMatches(p, r),
};

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

export function isKnownOperator(op: string): boolean {
  const base = op.replace(/^For(?:AnyValue|AllValues):/, '').replace(/IfExists$/, '');
  return base === 'Null' || base in POSITIVE || base in NEGATED;
}

function lookup(context: Record<string, ContextValue>, key: string): string[] | undefined {
  const lower = key.toLowerCase();
  const found = Object.keys(context).find((k) => k.toLowerCase() === lower);
  if (found === undefined) return undefined;
  const v = context[found]!;
  return Array.isArray(v) ? [...(v as readonly string[])] : [String(v)];
}

function oneKey(op: string, values: string[], present: string[] | undefined): boolean {
  const setMatch = /^For(?:(Any)Value|(All)Values):/.exec(op);
  const set = setMatch?.[1] ?? setMatch?.[2];
  let base = op.replace(/^For(?:AnyValue|AllValues):/, '');
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  if (base === 'Null') {
    const absent = present === undefined || present.length === 0;
    return values.some((v) => (v.toLowerCase() === 'true') === absent);
  }
  const negated = base in NEGATED;
  const compare = POSITIVE[negated ? NEGATED[base]! : base];
  // An operator codelocal does not know never matches: a Deny it guards is not applied, said in docs/fidelity.md.
  if (!compare) return false;
  if (present === undefined) return set === 'All' || ifExists || (negated && !set);
  const matchesOne = (r: string) => values.some((p) => compare(p, r));
  const test = (r: string) => (negated ? !matchesOne(r) : matchesOne(r));
  if (set === 'All') return present.every(test);
  if (set === 'Any') return present.some(test);
  // A single-valued operator with several request values: negated ones need all to pass, others one.
  return negated ? present.every(test) : present.some(test);
}

export function conditionsHold(block: ConditionBlock | undefined, context: Record<string, ContextValue>): boolean {
  if (!block) return true;
  return Object.entries(block).every(([op, keys]) =>
    Object.entries(keys).every(([key, values]) => oneKey(op, values, lookup(context, key))),
  );
}
