/**
 * The AppSpec of a CodeDeploy deployment to Lambda (codedeploy.md §8.1): which function's alias moves
 * from which version to which, and the hook functions around the traffic shift. YAML or JSON; keys are
 * read case-insensitively, since AWS's docs write them lower-case and published examples capitalise
 * them (UNCERTAIN). Problems carry file:line:column.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { InputError, ValidationError, type SourcePosition } from '../../errors.js';
import {
  describeNode,
  isNullNode,
  mapEntries,
  nodePosition,
  parseYaml,
  scalarText,
  type MapEntry,
  type YamlSource,
} from '../../model/index.js';

export const LAMBDA_APPSPEC_FILES = ['appspec.yml', 'appspec.yaml', 'appspec.json'];
const HOOK_EVENTS = ['BeforeAllowTraffic', 'AfterAllowTraffic'] as const;
export type LambdaHookEvent = (typeof HOOK_EVENTS)[number];

export interface LambdaTarget {
  /** The key naming the resource in the AppSpec. */
  resource: string;
  name: string;
  alias: string;
  currentVersion: string;
  targetVersion: string;
}

export interface LambdaAppSpec {
  file: string;
  target: LambdaTarget;
  hooks: Partial<Record<LambdaHookEvent, string>>;
}

const lower = (entries: MapEntry[]) => new Map(entries.map((e) => [e.key.toLowerCase(), e]));
const text = (n: Node | null | undefined) => (n && isScalar(n) && !isNullNode(n) ? scalarText(n) : undefined);

/** The AppSpec file of a revision folder, when it is one for Lambda (a top-level `Resources`). */
export function lambdaAppSpecFile(dir: string): string | undefined {
  const file = LAMBDA_APPSPEC_FILES.map((n) => join(dir, n)).find((f) => existsSync(f));
  if (!file) return undefined;
  const { source } = parseYaml(readFileSync(file, 'utf8'), file);
  const root = source.doc.contents as Node | null;
  return isMap(root) && mapEntries(source, root).some((e) => e.key.toLowerCase() === 'resources') ? file : undefined;
}

function readTarget(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  bad: (m: string, p: SourcePosition) => void,
) {
  const items = isSeq(node) ? (node.items as Node[]) : [];
  if (items.length !== 1 || !isMap(items[0])) {
    bad(
      `Resources must list exactly one Lambda function, found ${isSeq(node) ? items.length : describeNode(node)}`,
      pos,
    );
    return undefined;
  }
  const [resource] = mapEntries(src, items[0]);
  const body = resource && isMap(resource.value) ? lower(mapEntries(src, resource.value)) : undefined;
  const type = text(body?.get('type')?.value);
  const propsEntry = body?.get('properties');
  if (!resource || type !== 'AWS::Lambda::Function' || !propsEntry || !isMap(propsEntry.value)) {
    bad('the resource needs Type: AWS::Lambda::Function and Properties', resource?.pos ?? pos);
    return undefined;
  }
  const props = lower(mapEntries(src, propsEntry.value));
  const get = (key: string) => text(props.get(key.toLowerCase())?.value);
  const t = {
    resource: resource.key,
    name: get('Name'),
    alias: get('Alias'),
    currentVersion: get('CurrentVersion'),
    targetVersion: get('TargetVersion'),
  };
  const missing = Object.entries(t)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k.replace(/^./, (c) => c.toUpperCase()));
  if (missing.length) bad(`Properties needs ${missing.join(', ')}`, propsEntry.pos);
  for (const k of ['CurrentVersion', 'TargetVersion'] as const) {
    const v = get(k);
    if (v !== undefined && !/^[1-9]\d*$/.test(v))
      bad(`${k} must be a positive whole number, got "${v}"`, props.get(k.toLowerCase())!.pos);
  }
  return missing.length ? undefined : (t as LambdaTarget);
}

function readHooks(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  bad: (m: string, p: SourcePosition) => void,
) {
  const hooks: LambdaAppSpec['hooks'] = {};
  if (isNullNode(node)) return hooks;
  if (!isSeq(node)) {
    bad(`Hooks must be a list of { event: function name }, found ${describeNode(node)}`, pos);
    return hooks;
  }
  for (const item of node.items as Node[]) {
    for (const e of isMap(item) ? mapEntries(src, item) : []) {
      const event = HOOK_EVENTS.find((h) => h.toLowerCase() === e.key.toLowerCase());
      const fn = text(e.value);
      if (!event) bad(`"${e.key}" is not a Lambda deployment hook (BeforeAllowTraffic, AfterAllowTraffic)`, e.pos);
      else if (!fn) bad(`Hooks ${event} must name a Lambda function`, e.pos);
      else hooks[event] = fn;
    }
    if (!isMap(item)) bad('each Hooks entry must be { event: function name }', nodePosition(src, item) ?? pos);
  }
  return hooks;
}

export function readLambdaAppSpec(file: string, label: string): LambdaAppSpec {
  const where = `${label}/${file.slice(file.lastIndexOf('/') + 1)}`;
  const { source, errors } = parseYaml(readFileSync(file, 'utf8'), where, {});
  if (errors.length) throw new ValidationError(errors);
  const problems: InputError[] = [];
  const bad = (m: string, p: SourcePosition): void =>
    void problems.push(new InputError('CODEDEPLOY_APPSPEC_INVALID', m, { position: p }));
  const start = { file: where, line: 1, column: 1 };
  const root = source.doc.contents as Node | null;
  const top = isMap(root) ? lower(mapEntries(source, root)) : new Map<string, MapEntry>();
  const res = top.get('resources');
  const target = res ? readTarget(source, res.value, res.pos, bad) : bad('the AppSpec needs Resources', start);
  const hooksEntry = top.get('hooks');
  const hooks = hooksEntry ? readHooks(source, hooksEntry.value, hooksEntry.pos, bad) : {};
  if (problems.length || !target) throw new ValidationError(problems);
  return { file: where, target, hooks };
}
