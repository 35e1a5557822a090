/** Template `Parameters`: defaults, user overrides and their validation (docs/aws/codepipeline.md §6.3). */
import { isMap, isScalar, isSeq } from 'yaml';
import { InputError, type SourcePosition } from '../errors.js';
import { suggestionSuffix } from './suggest.js';
import { isNullNode, mapEntries, scalarText, type MapEntry, type YamlSource } from './yaml-source.js';

export const TEMPLATE_PARAMETER = 'TEMPLATE_PARAMETER';

export interface ResolvedParameters {
  /** Values as strings, as CloudFormation stores them. */
  raw: Record<string, string>;
  /** What `Ref` returns: a string, or a list for CommaDelimitedList / List<...>. */
  refs: Map<string, string | string[]>;
  problems: InputError[];
  warnings: { message: string; pos: SourcePosition }[];
}

function field(src: YamlSource, decl: MapEntry, key: string): MapEntry | undefined {
  return isMap(decl.value) ? mapEntries(src, decl.value).find((e) => e.key === key) : undefined;
}

/** A scalar as text; a YAML list (some templates write list defaults that way) joined with commas. */
function text(entry: MapEntry | undefined): string | undefined {
  if (!entry || isNullNode(entry.value)) return undefined;
  if (isScalar(entry.value)) return scalarText(entry.value);
  if (isSeq(entry.value)) return entry.value.items.map((i) => (isScalar(i) ? scalarText(i) : '')).join(',');
  return undefined;
}

function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

/** AllowedPattern must match the whole value; undefined when JavaScript cannot read the pattern. */
function wholeMatch(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

export function resolveParameters(
  src: YamlSource,
  declared: MapEntry[],
  overrides: Record<string, string>,
): ResolvedParameters {
  const out: ResolvedParameters = { raw: {}, refs: new Map(), problems: [], warnings: [] };
  const names = declared.map((d) => d.key);
  for (const name of Object.keys(overrides)) {
    if (!names.includes(name)) {
      const hint = suggestionSuffix(name, names);
      out.problems.push(
        new InputError(TEMPLATE_PARAMETER, `parameter '${name}' was given but is not declared in ${src.file}${hint}`),
      );
    }
  }
  for (const decl of declared) {
    const name = decl.key;
    const type = text(field(src, decl, 'Type')) ?? 'String';
    const value = overrides[name] ?? text(field(src, decl, 'Default'));
    const problem = (message: string) =>
      out.problems.push(new InputError(TEMPLATE_PARAMETER, message, { position: decl.pos }));
    if (value === undefined) {
      problem(`parameter '${name}' has no Default and no value was given`);
      continue;
    }
    const allowed = field(src, decl, 'AllowedValues');
    if (allowed && isSeq(allowed.value)) {
      const values = allowed.value.items.map((i) => (isScalar(i) ? scalarText(i) : ''));
      const given = isListType(type) ? value.split(',').map((v) => v.trim()) : [value];
      const bad = given.find((v) => !values.includes(v));
      if (bad !== undefined) problem(`parameter '${name}' value '${bad}' is not one of: ${values.join(', ')}`);
    }
    const pattern = text(field(src, decl, 'AllowedPattern'));
    const regex = pattern === undefined ? undefined : wholeMatch(pattern);
    if (pattern !== undefined && regex === undefined) {
      // CloudFormation's patterns are Java regexes ((?i), possessive quantifiers...): not checked, not wrong.
      out.warnings.push({
        message: `parameter '${name}' AllowedPattern ${pattern} is not checked locally`,
        pos: decl.pos,
      });
    } else if (regex && !regex.test(value)) {
      problem(`parameter '${name}' value '${value}' does not match AllowedPattern ${pattern}`);
    }
    if (type === 'Number' && (value.trim() === '' || Number.isNaN(Number(value)))) {
      problem(`parameter '${name}' must be a number, found '${value}'`);
    }
    if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      // CloudFormation would read the SSM parameter; locally the given value is used as it is.
      out.warnings.push({ message: `parameter '${name}' (${type}) is not looked up in SSM locally`, pos: decl.pos });
    }
    out.raw[name] = value;
    // CloudFormation trims each member of a list parameter.
    out.refs.set(name, isListType(type) ? value.split(',').map((v) => v.trim()) : value);
  }
  return out;
}
