/**
 * A template parameter without Default is normal (the value comes at deploy time) but the template
 * loader needs a value for it. Lint supplies a placeholder that satisfies the declared constraints when
 * it can, so the rest of the template is still checked (docs/lint.md). A placeholder must also pass the
 * format checks of the place it feeds, or lint would report its own placeholder: a parameter given to
 * `RoleArn` (or any `…Arn`/`…Role` key) gets an ARN, one in the account field of an ARN in `Fn::Sub` (or
 * named like an account) gets a 12-digit id, and a list parameter gets as many items as any literal
 * `Fn::Select` index needs.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { deref, mapEntries, scalarText, type YamlSource } from '../model/index.js';
import { entryOf } from './buildspec-context.js';
import { samplePattern } from './pattern-sample.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/placeholder';
/** The model's default account, when codelocal.yml names none. */
const ACCOUNT = '123456789012';
/** Keys whose value is an ARN (RoleArn, ServiceRole, KmsKeyArn, TopicArn...). */
const ARN_KEY = /(?:Arn|ARN|Role)$/;
/** `${P}` as the whole account field of an ARN (`arn:aws:iam::${P}:role/x`), after `${AWS::…}` lost its colons. */
const SUB_ACCOUNT = /arn:[^:\s]*:[^:\s]*:[^:\s]*:\$\{([\w.]+)\}(?=:)/g;
/** Names and descriptions that say the value is an account id. */
const ACCOUNT_NAME = /account(?:id|number|no)?$/i;
const ACCOUNT_DESCRIPTION = /\baccount[ -]?(?:id|number)\b|\b12[ -]digit/i;
/** Items of a list placeholder when no `Fn::Select` asks for more. */
const LIST_ITEMS = 3;

const CANDIDATES = ['placeholder', 'Placeholder1', '1', 'a', ACCOUNT, 'us-east-1', 'main', ROLE_ARN];

function text(source: YamlSource, node: unknown, key: string): string | undefined {
  const e = entryOf(source, node as never, key);
  return e && isScalar(e.value) ? scalarText(e.value) : undefined;
}

/** The parameter referenced by a node (`!Ref P` or `{Ref: P}`), if any. */
function referenced(source: YamlSource, node: Node | null): string | undefined {
  if (isScalar(node) && node.tag === '!Ref') return scalarText(node);
  const ref = isMap(node) && node.items.length === 1 ? entryOf(source, node, 'Ref')?.value : undefined;
  return isScalar(ref) ? scalarText(ref) : undefined;
}

interface Uses {
  /** Parameter name -> the keys whose values are that parameter. */
  keys: Map<string, Set<string>>;
  /** Parameters written as the account field of an ARN in a `Fn::Sub` string. */
  accounts: Set<string>;
  /** The largest literal `Fn::Select` index anywhere in the template. */
  maxSelect: number;
}

/** How parameters are used, by one walk of the template tree. */
function parameterUses(source: YamlSource): Uses {
  const uses: Uses = { keys: new Map(), accounts: new Set(), maxSelect: -1 };
  const seen = new Set<Node>();
  const walk = (raw: unknown, key: string) => {
    const node = deref(source, raw);
    if (!node || seen.has(node)) return;
    seen.add(node);
    const param = referenced(source, node);
    // Inside an intrinsic's arguments a Ref is a piece of the value, not all of it (`!Join [..., !Ref P]`
    // under RoleArn is not an ARN parameter); Fn::If passes its branches through whole.
    const tag = (node as { tag?: string }).tag;
    const fn = tag?.startsWith('!') && tag !== '!Ref' && tag !== '!If' ? `Fn::${tag.slice(1)}` : key;
    if (param !== undefined) uses.keys.set(param, (uses.keys.get(param) ?? new Set()).add(key));
    else if (isScalar(node) && fn === 'Fn::Sub') {
      const sub = scalarText(node).replace(/\$\{[^}]*\}/g, (m) => m.replace(/:/g, '_'));
      for (const m of sub.matchAll(SUB_ACCOUNT)) uses.accounts.add(m[1]!);
    } else if (isMap(node)) for (const e of mapEntries(source, node)) walk(e.value, e.key === 'Fn::If' ? key : e.key);
    else if (isSeq(node)) {
      const index = fn === 'Fn::Select' && isScalar(node.items[0]) ? Number(scalarText(node.items[0])) : NaN;
      if (Number.isInteger(index)) uses.maxSelect = Math.max(uses.maxSelect, index);
      // Only the first item of a Fn::Sub list is the string; the second is its variables.
      node.items.forEach((item, i) => walk(item, fn === 'Fn::Sub' && i > 0 ? 'Fn::Sub variables' : fn));
    }
  };
  walk(source.doc.contents, '');
  return uses;
}

/** Placeholder values for the parameters that have no Default. */
export function parameterPlaceholders(source: YamlSource, stackAccount = ACCOUNT): Record<string, string> {
  const out: Record<string, string> = {};
  const params = entryOf(source, source.doc.contents, 'Parameters')?.value;
  if (!isMap(params)) return out;
  const uses = parameterUses(source);
  const items = Math.max(LIST_ITEMS, uses.maxSelect + 1);
  for (const p of mapEntries(source, params)) {
    if (!isMap(p.value) || entryOf(source, p.value, 'Default')) continue;
    const type = text(source, p.value, 'Type') ?? 'String';
    const list = type === 'CommaDelimitedList' || type.startsWith('List<');
    const many = (v: string) => (list ? Array<string>(items).fill(v).join(',') : v);
    const allowed = entryOf(source, p.value, 'AllowedValues')?.value;
    if (isSeq(allowed) && isScalar(allowed.items[0])) {
      out[p.key] = many(scalarText(allowed.items[0]));
      continue;
    }
    const pattern = text(source, p.value, 'AllowedPattern');
    const number = (v: string) => type !== 'Number' || !Number.isNaN(Number(v));
    const fits = (v: string) => {
      if (!number(v)) return false;
      try {
        return pattern === undefined || new RegExp(`^(?:${pattern})$`).test(v);
      } catch {
        return true;
      }
    };
    const arn = [...(uses.keys.get(p.key) ?? [])].some((k) => ARN_KEY.test(k));
    const description = text(source, p.value, 'Description') ?? '';
    const account = uses.accounts.has(p.key) || ACCOUNT_NAME.test(p.key) || ACCOUNT_DESCRIPTION.test(description);
    // The stack's own account: another one would make lint report cross-account findings of its own.
    const first = arn ? [ROLE_ARN] : account ? [stackAccount] : [];
    const found = [...first, ...CANDIDATES].find((v) => fits(many(v)) || fits(v));
    const value = found ?? (pattern === undefined ? undefined : samplePattern(pattern, number)) ?? 'placeholder';
    out[p.key] = fits(many(value)) ? many(value) : value;
  }
  return out;
}
