/**
 * CloudFormation template loader shared by `build --project template.yaml#Id` and the pipeline loader.
 * Parameters, pseudo parameters, Conditions and intrinsic functions are resolved locally
 * (docs/aws/codepipeline.md §6.3); each resolved value keeps a link to its source position.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { InputError, ValidationError, type SourcePosition } from '../errors.js';
import { CfnResolver, NO_VALUE, type ResourceDecl, type ValuePath } from './cfn-intrinsics.js';
import { resolveDynamicReferences, type SsmParameterLookup } from './cfn-dynamic-refs.js';
import { isNotEvaluated, NotEvaluated } from './not-evaluated.js';
import { LOCALLY_NAMED_TYPES, partitionOf, stackId, type StackInfo } from './cfn-names.js';
import { resolveParameters } from './cfn-parameters.js';
import { expandForEach } from './cfn-foreach.js';
import {
  deref,
  isNullNode,
  lastWinsMessage,
  mapEntries,
  parseYaml,
  positionOf,
  readTextFile,
  scalarText,
  sortByPosition,
  type MapEntry,
  type YamlPath,
  type YamlSource,
} from './yaml-source.js';

export { camelCaseKeys, toLowerCamel } from './cfn-keys.js';

export const TEMPLATE_INVALID = 'TEMPLATE_INVALID';

export interface TemplateOptions {
  parameterOverrides?: Record<string, string>;
  accountId?: string;
  region?: string;
  stackName?: string;
  /** Values for `Fn::ImportValue` (other stacks' exports); missing ones are unknown (NotEvaluated). */
  imports?: Record<string, string>;
  /** Answers `{{resolve:ssm:NAME}}` from the parameter stubs (docs/stubs.md); without it they are unknown. */
  ssmParameter?: SsmParameterLookup;
}

export interface ResolvedResource {
  logicalId: string;
  type: string;
  /**
   * Resolved properties, PascalCase as in the template ({} when the resource has none; a NotEvaluated
   * when they are all an `Fn::Transform`).
   */
  properties: any;
  /** Position of the logical id. */
  pos: SourcePosition;
  /** Template path of the resource: ['Resources', logicalId]. */
  path: string[];
  /**
   * Source position of a path inside the *resolved* properties (indexes after `AWS::NoValue` removal,
   * branches chosen by `Fn::If`); falls back to the nearest ancestor that has one.
   */
  positionOf(path: ValuePath): SourcePosition | undefined;
}

export interface ResolvedTemplate {
  file: string;
  parameters: Record<string, string>;
  /** Resources whose Condition holds, in template order. */
  resources: Map<string, ResolvedResource>;
  /** Source position of a path in the template as written (e.g. ['Resources','Pipeline','Properties','Stages',1]). */
  positionOf(path: YamlPath): SourcePosition | undefined;
  /** `code` when it has its own (YAML_KEY_LAST_WINS); else TEMPLATE_WARNING. */
  warnings: { message: string; pos?: SourcePosition; code?: 'YAML_KEY_LAST_WINS' }[];
  stack: StackInfo;
}

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_STACK_NAME = 'codelocal';

function stackInfo(options: TemplateOptions): StackInfo {
  const region = options.region ?? DEFAULT_REGION;
  return {
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    region,
    ...partitionOf(region),
    stackName: options.stackName ?? DEFAULT_STACK_NAME,
  };
}

function pseudoParameters(stack: StackInfo): Map<string, string | string[]> {
  return new Map<string, string | string[]>([
    ['AWS::Region', stack.region],
    ['AWS::AccountId', stack.accountId],
    ['AWS::StackName', stack.stackName],
    ['AWS::StackId', stackId(stack)],
    ['AWS::Partition', stack.partition],
    ['AWS::URLSuffix', stack.urlSuffix],
    ['AWS::NotificationARNs', []],
  ]);
}

function section(src: YamlSource, top: Map<string, MapEntry>, name: string, problems: InputError[]): MapEntry[] {
  const entry = top.get(name);
  if (!entry || isNullNode(entry.value)) return [];
  if (!isMap(entry.value)) {
    problems.push(new InputError(TEMPLATE_INVALID, `'${name}' must be a map`, { position: entry.pos }));
    return [];
  }
  return mapEntries(src, entry.value);
}

function declareResources(
  src: YamlSource,
  entries: MapEntry[],
  problems: InputError[],
  warnings: ResolvedTemplate['warnings'],
): Map<string, ResourceDecl> {
  const out = new Map<string, ResourceDecl>();
  for (const e of entries) {
    if (e.key === TRANSFORM) {
      // Resources included from S3 (AWS::Include) exist only in CloudFormation (issue 11).
      warnings.push({ message: 'resources included with Fn::Transform are not read locally', pos: e.pos });
      continue;
    }
    const fields = isMap(e.value) ? new Map(mapEntries(src, e.value).map((f) => [f.key, f])) : undefined;
    const type = fields?.get('Type');
    if (!fields || !type || !isScalar(type.value) || typeof type.value.value !== 'string') {
      problems.push(new InputError(TEMPLATE_INVALID, `resource '${e.key}' needs a Type`, { position: e.pos }));
      continue;
    }
    const props = fields.get('Properties');
    if (props && !isNullNode(props.value) && !isMap(props.value)) {
      problems.push(new InputError(TEMPLATE_INVALID, `'${e.key}.Properties' must be a map`, { position: props.pos }));
      continue;
    }
    const cond = fields.get('Condition');
    out.set(e.key, {
      id: e.key,
      type: type.value.value,
      props: props && isMap(props.value) ? props.value : null,
      condition: cond && isScalar(cond.value) ? { name: scalarText(cond.value), pos: cond.pos } : undefined,
      pos: e.pos,
    });
  }
  return out;
}

const TRANSFORM = 'Fn::Transform';

/** `Transform: X` or `Transform: [X, Y]`. */
function transformNames(src: YamlSource, entry: MapEntry | undefined): string[] {
  const node = deref(src, entry?.value ?? null);
  if (isScalar(node)) return [scalarText(node)];
  return isSeq(node) ? node.items.filter(isScalar).map((i) => scalarText(i)) : [];
}

function includeName(entry: MapEntry): string {
  const name = isMap(entry.value) ? entry.value.get('Name') : undefined;
  return typeof name === 'string' ? name : '';
}

function resolveResource(
  resolver: CfnResolver,
  src: YamlSource,
  decl: ResourceDecl,
  problems: InputError[],
  ssmParameter: SsmParameterLookup | undefined,
): ResolvedResource {
  const positions = new Map<string, SourcePosition>();
  const record = (path: ValuePath, pos: SourcePosition) => positions.set(JSON.stringify(path), pos);
  const positionOf = (path: ValuePath): SourcePosition => {
    for (let n = path.length; n >= 0; n--) {
      const pos = positions.get(JSON.stringify(path.slice(0, n)));
      if (pos) return pos;
    }
    return decl.pos;
  };
  // CloudFormation replaces dynamic references after the intrinsic functions (a `!Sub` may build one).
  const warn = (message: string, path: ValuePath) => resolver.warnings.push({ message, pos: positionOf(path) });
  const entries = decl.props ? mapEntries(src, decl.props) : [];
  const included = entries.find((e) => e.key === TRANSFORM);
  let properties: Record<string, unknown> | NotEvaluated = {};
  // Properties that are all an AWS::Include are unknown as a whole; beside others, the included
  // ones are not read (issue 11).
  if (included && entries.length === 1) properties = new NotEvaluated(TRANSFORM, includeName(included));
  if (included) {
    resolver.warnings.push({
      message: `${TRANSFORM} in the properties of ${decl.id} is not evaluated locally`,
      pos: included.pos,
    });
  }
  for (const e of properties instanceof NotEvaluated ? [] : entries.filter((x) => x !== included)) {
    record([e.key], e.pos);
    try {
      const v = resolveDynamicReferences(resolver.resolve(e.value, [e.key], record), [e.key], ssmParameter, warn);
      if (v !== NO_VALUE) (properties as Record<string, unknown>)[e.key] = v;
    } catch (err) {
      if (err instanceof InputError) problems.push(err);
      else throw err;
    }
  }
  return {
    logicalId: decl.id,
    type: decl.type,
    properties,
    pos: decl.pos,
    path: ['Resources', decl.id],
    positionOf,
  };
}

export function parseTemplate(text: string, file: string, options: TemplateOptions = {}): ResolvedTemplate {
  // CloudFormation reads YAML 1.1; JSON templates go through the same parser and keep positions.
  // CloudFormation takes the last of repeated keys: a warning, not an error (issue 11).
  const parsed = parseYaml(text, file, { version: '1.1', duplicateKeys: 'last-wins' });
  if (parsed.errors.length > 0) throw new ValidationError(parsed.errors);
  const src = parsed.source;
  const root = src.doc.contents;
  const problems: InputError[] = [];
  if (!isMap(root))
    throw new ValidationError([
      new InputError(TEMPLATE_INVALID, `${file} is not a CloudFormation template (not a map)`, {
        position: { file, line: 1, column: 1 },
      }),
    ]);
  const top = new Map(mapEntries(src, root).map((e) => [e.key, e]));
  const warnings: ResolvedTemplate['warnings'] = parsed.duplicates.map((e) => ({
    message: lastWinsMessage(e),
    pos: e.position,
    code: 'YAML_KEY_LAST_WINS',
  }));
  const transforms = transformNames(src, top.get('Transform'));
  if (top.has('Transform')) {
    // Of AWS::LanguageExtensions, codelocal applies Fn::ForEach in Resources (cfn-foreach.ts) only.
    const onlyLanguageExtensions = transforms.length > 0 && transforms.every((t) => t === 'AWS::LanguageExtensions');
    warnings.push({
      message: onlyLanguageExtensions
        ? 'AWS::LanguageExtensions is applied locally to Fn::ForEach in Resources only; its other functions are not evaluated'
        : 'template Transforms (macros, SAM) are not applied locally',
      pos: top.get('Transform')!.pos,
    });
  }
  const resourceEntries = section(src, top, 'Resources', problems);
  if (!top.has('Resources'))
    problems.push(
      new InputError(TEMPLATE_INVALID, `${file} has no Resources section`, { position: { file, line: 1, column: 1 } }),
    );
  const params = resolveParameters(src, section(src, top, 'Parameters', problems), options.parameterOverrides ?? {});
  problems.push(...params.problems);
  warnings.push(...params.warnings);
  const stack = stackInfo(options);
  const expanded = expandForEach(resourceEntries, {
    src,
    params: params.refs,
    enabled: transforms.includes('AWS::LanguageExtensions'),
    problems,
    warnings,
  });
  const decls = declareResources(src, expanded, problems, warnings);
  const resolver = new CfnResolver({
    src,
    stack,
    pseudo: pseudoParameters(stack),
    params: params.refs,
    conditions: new Map(section(src, top, 'Conditions', problems).map((e) => [e.key, e])),
    mappings: new Map(section(src, top, 'Mappings', problems).map((e) => [e.key, e])),
    resources: decls,
    imports: options.imports ?? {},
    ssmParameter: options.ssmParameter,
  });
  const resources = new Map<string, ResolvedResource>();
  // Missing parameters would cascade into one error per Ref; report the cause only.
  if (params.problems.length === 0) {
    for (const decl of decls.values()) {
      try {
        if (!resolver.isEnabled(decl)) continue;
      } catch (err) {
        if (err instanceof InputError) problems.push(err);
        else throw err;
        continue;
      }
      resources.set(decl.id, resolveResource(resolver, src, decl, problems, options.ssmParameter));
    }
    localNames(resolver, decls, resources, problems);
  }
  if (problems.length > 0) throw new ValidationError(sortByPosition(problems));
  return {
    file,
    parameters: params.raw,
    resources,
    positionOf: (path) => positionOf(src, path),
    warnings: distinct([...warnings, ...resolver.warnings]),
    stack,
  };
}

/**
 * A project or pipeline whose `Name` is unknown (an import, a dynamic reference) is named by its logical id
 * here, as an unnamed one is (docs/fidelity.md, issue 11); resolving its name now says so once, referenced or not.
 */
function localNames(
  resolver: CfnResolver,
  decls: Map<string, ResourceDecl>,
  resources: Map<string, ResolvedResource>,
  problems: InputError[],
): void {
  for (const r of resources.values()) {
    const props = r.properties as Record<string, unknown>;
    if (!LOCALLY_NAMED_TYPES.has(r.type) || isNotEvaluated(props) || !isNotEvaluated(props.Name)) continue;
    try {
      resolver.physicalName(decls.get(r.logicalId)!, r.pos);
    } catch (err) {
      if (err instanceof InputError) problems.push(err);
      else throw err;
    }
  }
}

/** A value resolved twice (a resource's Name, and its Ref) warns once. */
function distinct(list: ResolvedTemplate['warnings']): ResolvedTemplate['warnings'] {
  const seen = new Set<string>();
  return list.filter((w) => {
    const key = JSON.stringify([w.message, w.pos?.line, w.pos?.column, w.pos?.file]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function loadTemplate(file: string, options: TemplateOptions = {}): ResolvedTemplate {
  return parseTemplate(readTextFile(file, 'FILE_NOT_FOUND'), file, options);
}
