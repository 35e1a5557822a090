/**
 * A template parameter without Default is normal (the value comes at deploy time) but the template
 * loader needs a value for it. Lint supplies a placeholder that satisfies the declared constraints when
 * it can, so the rest of the template is still checked.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { mapEntries, scalarText, type YamlSource } from '../model/index.js';
import { entryOf } from './buildspec-context.js';

const CANDIDATES = [
  'placeholder',
  'Placeholder1',
  '1',
  'a',
  '123456789012',
  'us-east-1',
  'main',
  'arn:aws:iam::123456789012:role/placeholder',
];

function text(source: YamlSource, node: unknown, key: string): string | undefined {
  const e = entryOf(source, node as never, key);
  return e && isScalar(e.value) ? scalarText(e.value) : undefined;
}

/** Placeholder values for the parameters that have no Default. */
export function parameterPlaceholders(source: YamlSource): Record<string, string> {
  const out: Record<string, string> = {};
  const params = entryOf(source, source.doc.contents, 'Parameters')?.value;
  if (!isMap(params)) return out;
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
    out[p.key] = CANDIDATES.find(fits) ?? 'placeholder';
  }
  return out;
}
