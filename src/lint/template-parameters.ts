/**
 * A template parameter without Default is normal (the value comes at deploy time) but the template
 * loader needs a value for it. Lint supplies a placeholder that satisfies the declared constraints when
 * it can, so the rest of the template is still checked. A placeholder must also pass the format checks
 * of the place it feeds: a parameter given to `RoleArn` (or any `…Arn`/`…Role` key) gets an ARN, or
 * lint would report its own placeholder as a malformed role ARN.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { deref, mapEntries, scalarText, type YamlSource } from '../model/index.js';
import { entryOf } from './buildspec-context.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/placeholder';
/** Keys whose value is an ARN (RoleArn, ServiceRole, KmsKeyArn, TopicArn...). */
const ARN_KEY = /(?:Arn|ARN|Role)$/;

const CANDIDATES = ['placeholder', 'Placeholder1', '1', 'a', '123456789012', 'us-east-1', 'main', ROLE_ARN];

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

/** Parameter name -> the keys whose values are that parameter, by a walk of the Resources tree. */
function parameterUses(source: YamlSource): Map<string, Set<string>> {
  const uses = new Map<string, Set<string>>();
  const seen = new Set<Node>();
  const walk = (raw: unknown, key: string) => {
    const node = deref(source, raw);
    if (!node || seen.has(node)) return;
    seen.add(node);
    const param = referenced(source, node);
    if (param !== undefined) uses.set(param, (uses.get(param) ?? new Set()).add(key));
    else if (isMap(node)) for (const e of mapEntries(source, node)) walk(e.value, e.key);
    else if (isSeq(node)) for (const item of node.items) walk(item, key);
  };
  walk(entryOf(source, source.doc.contents, 'Resources')?.value, 'Resources');
  return uses;
}

/** Placeholder values for the parameters that have no Default. */
export function parameterPlaceholders(source: YamlSource): Record<string, string> {
  const out: Record<string, string> = {};
  const params = entryOf(source, source.doc.contents, 'Parameters')?.value;
  if (!isMap(params)) return out;
  const uses = parameterUses(source);
  for (const p of mapEntries(source, params)) {
    if (!isMap(p.value) || entryOf(source, p.value, 'Default')) continue;
    const allowed = entryOf(source, p.value, 'AllowedValues')?.value;
    if (isSeq(allowed) && isScalar(allowed.items[0])) {
      out[p.key] = scalarText(allowed.items[0]);
      continue;
    }
    const type = text(source, p.value, 'Type') ?? 'String';
    const pattern = text(source, p.value, 'AllowedPattern');
    const fits = (v: string) => {
      if (type === 'Number' && Number.isNaN(Number(v))) return false;
      try {
        return pattern === undefined || new RegExp(`^(?:${pattern})$`).test(v);
      } catch {
        return true;
      }
    };
    const arn = [...(uses.get(p.key) ?? [])].some((k) => ARN_KEY.test(k));
    out[p.key] = (arn ? [ROLE_ARN, ...CANDIDATES] : CANDIDATES).find(fits) ?? 'placeholder';
  }
  return out;
}
