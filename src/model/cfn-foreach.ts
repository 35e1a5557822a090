/**
 * `Fn::ForEach::<Name>` entries of a template's `Resources` (the `AWS::LanguageExtensions` transform,
 * docs/aws/codepipeline.md §6.3): `[Identifier, Collection, {OutputKey: OutputValue}]` stands for one
 * copy of the fragment per collection value. In each copy `${Identifier}` in a key becomes the value
 * and `&{Identifier}` the value without its non-alphanumeric characters; in values, `Ref: Identifier`
 * becomes the value and `${Identifier}` inside `Fn::Sub` strings too. Loops nest. CloudFormation expands
 * them before anything else, so codelocal does the same on the YAML nodes (copies keep the fragment's
 * positions). A collection codelocal cannot know (an intrinsic other than a list or a `Ref` to a list
 * parameter) is skipped with a warning, as resources from `Fn::Transform` are (docs/fidelity.md).
 */
import { isMap, isScalar, isSeq, Scalar, visit, type Node, type YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import { shortTagName } from './cfn-intrinsic-types.js';
import { deref, mapEntries, nodePosition, scalarText, type MapEntry, type YamlSource } from './yaml-source.js';

export const FOR_EACH = 'Fn::ForEach::';
/** CloudFormation allows loops nested five deep. */
const MAX_DEPTH = 5;

export interface ForEachInput {
  src: YamlSource;
  /** Parameter values as Ref sees them (lists for list types). */
  params: Map<string, string | string[]>;
  /** The template declares `Transform: AWS::LanguageExtensions`. */
  enabled: boolean;
  problems: InputError[];
  warnings: { message: string; pos?: MapEntry['pos'] }[];
}

/** The entries with every `Fn::ForEach::` loop replaced by its copies. */
export function expandForEach(entries: MapEntry[], input: ForEachInput, depth = 0): MapEntry[] {
  const out: MapEntry[] = [];
  for (const e of entries) {
    if (!e.key.startsWith(FOR_EACH)) {
      out.push(e);
      continue;
    }
    if (!input.enabled) {
      input.problems.push(
        new InputError('TEMPLATE_INVALID', `'${e.key}' needs 'Transform: AWS::LanguageExtensions' in the template`, {
          position: e.pos,
        }),
      );
      continue;
    }
    const copies = expandLoop(e, input, depth);
    if (copies) out.push(...copies);
  }
  return out;
}

function expandLoop(e: MapEntry, input: ForEachInput, depth: number): MapEntry[] | undefined {
  const node = deref(input.src, e.value);
  const parts = isSeq(node) ? node.items.map((i) => deref(input.src, i as Node)) : [];
  const [idNode, collectionNode, fragment] = parts;
  if (parts.length !== 3 || !isScalar(idNode) || !isMap(fragment) || depth >= MAX_DEPTH) {
    const what =
      depth >= MAX_DEPTH
        ? `nests more than ${MAX_DEPTH} loops`
        : 'must be [Identifier, Collection, {OutputKey: OutputValue}]';
    input.problems.push(new InputError('TEMPLATE_INVALID', `'${e.key}' ${what}`, { position: e.pos }));
    return undefined;
  }
  const values = collection(collectionNode ?? null, input);
  if (!values) {
    input.warnings.push({
      message: `${e.key}: its collection is not known locally (only a list or a Ref to a list parameter is), so the resources it makes are not read`,
      pos: nodePosition(input.src, collectionNode) ?? e.pos,
    });
    return undefined;
  }
  const id = scalarText(idNode);
  const copies = values.flatMap((value) =>
    mapEntries(input.src, fragment).map((f) => {
      const copy = f.value ? substitute(f.value.clone() as Node, id, value) : null;
      return { ...f, key: substituteKey(f.key, id, value), value: copy };
    }),
  );
  return expandForEach(copies, input, depth + 1);
}

/** The loop's values: a list of scalars, or a Ref to a list (or comma-separated) parameter. */
function collection(node: Node | null, input: ForEachInput): string[] | undefined {
  const n = deref(input.src, node);
  if (isSeq(n) && !n.tag) {
    const items = n.items.map((i) => deref(input.src, i as Node));
    return items.every((i) => isScalar(i)) ? items.map((i) => scalarText(i as Scalar)) : undefined;
  }
  const ref = refName(n);
  const value = ref === undefined ? undefined : input.params.get(ref);
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? value.split(',').map((v) => v.trim()) : undefined;
}

function refName(n: Node | null): string | undefined {
  if (isScalar(n) && shortTagName(n.tag) === 'Ref') return scalarText(n);
  if (isMap(n) && n.items.length === 1 && isScalar(n.items[0]!.key) && n.items[0]!.key.value === 'Ref') {
    const v = n.items[0]!.value;
    return isScalar(v) ? scalarText(v) : undefined;
  }
  return undefined;
}

function substituteKey(key: string, id: string, value: string): string {
  return key
    .split(`\${${id}}`)
    .join(value)
    .split(`&{${id}}`)
    .join(value.replace(/[^A-Za-z0-9]/g, ''));
}

const subText = (text: string, id: string, value: string) => text.split(`\${${id}}`).join(value);

/** A scalar holding `value` where a `Ref: id` was, keeping its position. */
function valueScalar(at: Node, value: string): Scalar {
  const s = new Scalar(value);
  s.range = at.range;
  return s;
}

/** Replaces, in place, what the identifier stands for in a copy of the fragment; returns the copy. */
function substitute(node: Node, id: string, value: string): Node {
  if (refName(node) === id) return valueScalar(node, value);
  const sub = (s: unknown) => {
    if (isScalar(s) && typeof s.value === 'string') s.value = subText(s.value, id, value);
  };
  visit(node, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.value.startsWith(FOR_EACH) === false) {
        pair.key.value = substituteKey(pair.key.value, id, value);
      }
    },
    Scalar(_, s) {
      if (refName(s) === id) return valueScalar(s, value);
      if (shortTagName(s.tag) === 'Fn::Sub') sub(s);
      return undefined;
    },
    Seq(_, s) {
      if (shortTagName(s.tag) === 'Fn::Sub') sub(s.items[0]);
    },
    Map(_, m: YAMLMap) {
      if (refName(m) === id) return valueScalar(m, value);
      const [only] = m.items;
      if (m.items.length === 1 && isScalar(only!.key) && only!.key.value === 'Fn::Sub') {
        sub(isSeq(only!.value) ? only!.value.items[0] : only!.value);
      }
      return undefined;
    },
  });
  return node;
}
