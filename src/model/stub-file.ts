/**
 * Stub files: local stand-ins for SSM Parameter Store and Secrets Manager (YAML or JSON).
 *
 * ```yaml
 * parameters:
 *   /codebuild/docker-password: s3cr3t            # String
 *   /app/list: { value: "a,b", type: StringList } # or value: [a, b]
 *   /app/key: { value: k, type: SecureString }
 * secrets:
 *   github-token: ghp_xxx                         # SecretString, stage AWSCURRENT
 *   prod/myapp:                                   # a map is stored as its JSON text
 *     api_key: abc
 *   rotated:
 *     versions:                                   # explicit versions
 *       - { id: v1, stages: [AWSPREVIOUS], value: old }
 *       - { id: v2, stages: [AWSCURRENT], value: { api_key: new } }
 * ```
 *
 * A secret written as a map whose only key is `versions` holding a list is the versioned form;
 * to stub a JSON secret that really has just a `versions` list, write its JSON as a string.
 * Scalars keep the text as written (`3.10` stays "3.10", `yes` stays "yes"), as a value typed into
 * the console would. Full format: docs/stubs.md.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { InputError, ValidationError, type SourcePosition } from '../errors.js';
import { suggestionSuffix } from './suggest.js';
import { describeNode, isNullNode, mapEntries, readYamlFile, scalarText, type YamlSource } from './yaml-source.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

export interface StubParameter {
  name: string;
  value: string;
  type: ParameterType;
  /** File position, or undefined for `--parameter` flags. */
  pos?: SourcePosition;
}

export interface StubSecretVersion {
  id: string;
  stages: string[];
  /** SecretString: maps and lists are stored as their JSON text. */
  value: string;
}

export interface StubSecret {
  name: string;
  versions: StubSecretVersion[];
  pos?: SourcePosition;
}

export interface StubFile {
  file: string;
  parameters: StubParameter[];
  secrets: StubSecret[];
}

const TOP_KEYS = ['parameters', 'secrets'];
const PARAM_KEYS = ['value', 'type'];
const VERSION_KEYS = ['id', 'stages', 'value'];

/** The JS value of a node with scalars as written, for JSON secrets. */
function plain(src: YamlSource, node: Node | null): unknown {
  if (isNullNode(node)) return null;
  if (isMap(node)) return Object.fromEntries(mapEntries(src, node).map((e) => [e.key, plain(src, e.value)]));
  if (isSeq(node)) return node.items.map((i) => plain(src, i as Node));
  if (isScalar(node)) {
    // Inside JSON secrets numbers and booleans stay typed; only top-level scalars keep their text.
    return typeof node.value === 'string' || node.value === null ? node.value : (node.value as unknown);
  }
  return null;
}

function secretText(src: YamlSource, node: Node | null): string | undefined {
  if (isScalar(node) && !isNullNode(node)) return scalarText(node);
  if (isMap(node) || isSeq(node)) return JSON.stringify(plain(src, node));
  return undefined;
}

export function parseStubFile(path: string): StubFile {
  const { source: src, errors } = readYamlFile(path, {});
  if (errors.length > 0) throw new ValidationError(errors);
  const problems: InputError[] = [];
  const bad = (message: string, pos: SourcePosition | undefined) =>
    problems.push(new InputError('STUB_FILE_INVALID', message, { position: pos }));
  const result: StubFile = { file: path, parameters: [], secrets: [] };
  const root = src.doc.contents as Node | null;
  if (isNullNode(root)) return result;
  if (!isMap(root)) {
    bad(`expected a map with "parameters" and/or "secrets", found ${describeNode(root)}`, {
      file: path,
      line: 1,
      column: 1,
    });
    throw new ValidationError(problems);
  }
  for (const top of mapEntries(src, root)) {
    if (!TOP_KEYS.includes(top.key)) {
      bad(`unknown key "${top.key}" in stub file${suggestionSuffix(top.key, TOP_KEYS)}`, top.pos);
      continue;
    }
    if (isNullNode(top.value)) continue;
    if (!isMap(top.value)) {
      bad(`"${top.key}" must be a map of name to value, found ${describeNode(top.value)}`, top.pos);
      continue;
    }
    for (const e of mapEntries(src, top.value)) {
      if (top.key === 'parameters') {
        const p = parseParameter(src, e.key, e.value, e.pos, bad);
        if (p) result.parameters.push(p);
      } else {
        const s = parseSecret(src, e.key, e.value, e.pos, bad);
        if (s) result.secrets.push(s);
      }
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return result;
}

type Report = (message: string, pos: SourcePosition | undefined) => void;

function parseParameter(
  src: YamlSource,
  name: string,
  node: Node | null,
  pos: SourcePosition,
  bad: Report,
): StubParameter | undefined {
  if (isScalar(node) && !isNullNode(node)) return { name, value: scalarText(node), type: 'String', pos };
  if (!isMap(node)) {
    bad(`parameter "${name}": expected a value or { value, type }, found ${describeNode(node)}`, pos);
    return undefined;
  }
  let value: string | undefined;
  let type: ParameterType = 'String';
  for (const f of mapEntries(src, node)) {
    if (f.key === 'type') {
      const t = isScalar(f.value) ? scalarText(f.value) : '';
      if (PARAMETER_TYPES.includes(t as ParameterType)) type = t as ParameterType;
      else
        bad(
          `parameter "${name}": type must be one of ${PARAMETER_TYPES.join(', ')}${suggestionSuffix(t, PARAMETER_TYPES)}`,
          f.pos,
        );
    } else if (f.key === 'value') {
      if (isScalar(f.value) && !isNullNode(f.value)) value = scalarText(f.value);
      // SSM returns a StringList as one comma-joined string; a YAML list is a convenience for that.
      else if (isSeq(f.value)) value = f.value.items.map((i) => (isScalar(i) ? scalarText(i) : '')).join(',');
      else bad(`parameter "${name}": value must be text, found ${describeNode(f.value)}`, f.pos);
    } else {
      bad(`parameter "${name}": unknown key "${f.key}"${suggestionSuffix(f.key, PARAM_KEYS)}`, f.pos);
    }
  }
  if (value === undefined) {
    bad(`parameter "${name}": missing "value"`, pos);
    return undefined;
  }
  return { name, value, type, pos };
}

function isVersionedForm(src: YamlSource, node: Node | null): node is import('yaml').YAMLMap {
  if (!isMap(node)) return false;
  const entries = mapEntries(src, node);
  return entries.length === 1 && entries[0]!.key === 'versions' && isSeq(entries[0]!.value);
}

function parseSecret(
  src: YamlSource,
  name: string,
  node: Node | null,
  pos: SourcePosition,
  bad: Report,
): StubSecret | undefined {
  if (!isVersionedForm(src, node)) {
    const value = secretText(src, node);
    if (value === undefined) {
      bad(`secret "${name}": expected a value, found ${describeNode(node)}`, pos);
      return undefined;
    }
    return { name, versions: [{ id: 'v1', stages: ['AWSCURRENT'], value }], pos };
  }
  const list = mapEntries(src, node)[0]!.value;
  const versions: StubSecretVersion[] = [];
  const items = isSeq(list) ? list.items : [];
  items.forEach((item, i) => {
    const v = parseVersion(src, name, item as Node, i, pos, bad);
    if (v) versions.push(v);
  });
  if (versions.length === 0) {
    bad(`secret "${name}": "versions" is empty`, pos);
    return undefined;
  }
  // Secrets Manager always has an AWSCURRENT version; when no stages were written the last wins.
  if (versions.every((v) => v.stages.length === 0)) versions[versions.length - 1]!.stages.push('AWSCURRENT');
  const seenStage = new Map<string, string>();
  const seenId = new Set<string>();
  for (const v of versions) {
    if (seenId.has(v.id)) bad(`secret "${name}": version id "${v.id}" is used twice`, pos);
    seenId.add(v.id);
    for (const st of v.stages) {
      // A staging label marks at most one version at a time, as in Secrets Manager.
      if (seenStage.has(st))
        bad(`secret "${name}": stage ${st} is on versions "${seenStage.get(st)}" and "${v.id}"`, pos);
      seenStage.set(st, v.id);
    }
  }
  if (!seenStage.has('AWSCURRENT')) bad(`secret "${name}": no version has the AWSCURRENT stage`, pos);
  return { name, versions, pos };
}

function parseVersion(
  src: YamlSource,
  name: string,
  node: Node | null,
  index: number,
  secretPos: SourcePosition,
  bad: Report,
): StubSecretVersion | undefined {
  const where = `secret "${name}" version ${index + 1}`;
  if (!isMap(node)) {
    bad(`${where}: expected { id, stages, value }, found ${describeNode(node)}`, secretPos);
    return undefined;
  }
  const v: StubSecretVersion = { id: `v${index + 1}`, stages: [], value: '' };
  let hasValue = false;
  for (const f of mapEntries(src, node)) {
    if (f.key === 'id') {
      if (isScalar(f.value) && !isNullNode(f.value)) v.id = scalarText(f.value);
      else bad(`${where}: id must be text`, f.pos);
    } else if (f.key === 'stages') {
      const stages = isSeq(f.value) ? f.value.items : isScalar(f.value) ? [f.value] : [];
      v.stages = stages.filter((s) => isScalar(s)).map((s) => scalarText(s as import('yaml').Scalar));
      if (stages.length !== v.stages.length || (!isSeq(f.value) && !isScalar(f.value))) {
        bad(`${where}: stages must be a list of labels`, f.pos);
      }
    } else if (f.key === 'value') {
      const text = secretText(src, f.value);
      if (text === undefined) bad(`${where}: value must be text or a map`, f.pos);
      else {
        v.value = text;
        hasValue = true;
      }
    } else {
      bad(`${where}: unknown key "${f.key}"${suggestionSuffix(f.key, VERSION_KEYS)}`, f.pos);
    }
  }
  if (!hasValue) {
    bad(`${where}: missing "value"`, secretPos);
    return undefined;
  }
  return v;
}
