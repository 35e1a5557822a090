/**
 * What applying a template to a local stack means: validate and resolve it with the template
 * model (src/model/cloudformation.ts), check capabilities, and compute the stack's outputs.
 *
 * Outputs are resolved by the same resolver as resources, so a `Ref`/`Fn::GetAtt` in an output
 * gives the local physical id or ARN a resource property would get: each `Outputs` entry is
 * re-declared as a synthetic resource (with the output's Condition) and resolved with the rest.
 */
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { ValidationError, isCodelocalError } from '../../errors.js';
import { isNotEvaluated, parseTemplate, type ResolvedTemplate } from '../../model/index.js';
import type { StackResource } from './stack-store.js';

export interface StackIdentity {
  accountId: string;
  region: string;
  stackName: string;
}

/** A problem found before anything changes (AWS: ValidationError, InsufficientCapabilitiesException). */
export class TemplateValidationError extends Error {}
/** A problem resolving the template: on AWS the stack operation starts, fails and rolls back. */
export class TemplateApplyError extends Error {}

export interface AppliedTemplate {
  resources: StackResource[];
  outputs: Record<string, string>;
  warnings: string[];
}

const OUTPUT_PREFIX = 'CodelocalStackOutput';
const OUTPUT_TYPE = 'Codelocal::StackOutput';
/** Problem codes that mean "the template or its parameters are invalid", as opposed to failing to resolve. */
const VALIDATION_CODES = ['YAML_SYNTAX', 'YAML_KEY_DUPLICATE', 'TEMPLATE_INVALID', 'TEMPLATE_PARAMETER'];

const keyText = (p: Pair): string =>
  isScalar(p.key) ? (p.key.source ?? String(p.key.value)) : String(p.key as unknown);

/** The template with one synthetic resource per output, and which output each stands for. */
function withOutputResources(
  text: string,
  label: string,
): { text: string; outputs: Map<string, string>; declared: string[] } {
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length > 0)
    throw new TemplateValidationError(`Template format error in ${label}: ${doc.errors[0]!.message}`);
  const root = doc.contents;
  if (!isMap(root)) throw new TemplateValidationError(`Template format error: ${label} is not a JSON or YAML map`);
  const params = root.get('Parameters', true);
  const declared = isMap(params) ? params.items.map(keyText) : [];
  const outputs = new Map<string, string>();
  const outs = root.get('Outputs', true);
  const resources = root.get('Resources', true);
  if (isMap(outs) && isMap(resources)) {
    outs.items.forEach((p, i) => {
      const decl = p.value;
      if (!isMap(decl)) throw new TemplateValidationError(`Template format error: output ${keyText(p)} must be a map`);
      const id = `${OUTPUT_PREFIX}${i}`;
      const node = doc.createNode({ Type: OUTPUT_TYPE, Properties: {} }) as YAMLMap;
      (node.get('Properties', true) as unknown as YAMLMap).set('Value', (decl as YAMLMap).get('Value', true));
      const cond = (decl as YAMLMap).get('Condition', true);
      if (cond !== undefined) node.set('Condition', cond);
      (resources as YAMLMap).set(id, node);
      outputs.set(id, keyText(p));
    });
  }
  return { text: outputs.size > 0 ? doc.toString() : text, outputs, declared };
}

function classify(e: ValidationError): Error {
  const text = e.problems.map((p) => p.describe()).join('; ');
  return e.problems.every((p) => VALIDATION_CODES.some((c) => p.code.startsWith(c)))
    ? new TemplateValidationError(text)
    : new TemplateApplyError(text);
}

const IAM_NAME_PROPERTY: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
};

/** The capability AWS would ask for, if the template needs one the action did not give. */
export function missingCapability(t: ResolvedTemplate, hasTransform: boolean, given: string[]): string | undefined {
  if (hasTransform && !given.includes('CAPABILITY_AUTO_EXPAND')) return 'CAPABILITY_AUTO_EXPAND';
  const iam = [...t.resources.values()].filter((r) => r.type.startsWith('AWS::IAM::'));
  if (iam.length === 0) return undefined;
  const named = iam.some((r) => {
    const prop = IAM_NAME_PROPERTY[r.type];
    return prop !== undefined && r.properties?.[prop] !== undefined;
  });
  if (named) return given.includes('CAPABILITY_NAMED_IAM') ? undefined : 'CAPABILITY_NAMED_IAM';
  return given.includes('CAPABILITY_IAM') || given.includes('CAPABILITY_NAMED_IAM') ? undefined : 'CAPABILITY_IAM';
}

const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

export function parseCapabilities(value: string | undefined): string[] {
  const list = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.find((c) => !CAPABILITIES.includes(c));
  if (bad) throw new TemplateValidationError(`Capabilities: ${bad} is not one of ${CAPABILITIES.join(', ')}`);
  return list;
}

/** Checks and resolves a template for a stack; throws TemplateValidationError or TemplateApplyError. */
export function applyTemplate(
  text: string,
  label: string,
  parameters: Record<string, string>,
  capabilities: string[],
  stack: StackIdentity,
): AppliedTemplate {
  const synthetic = withOutputResources(text, label);
  const unknown = Object.keys(parameters).filter((p) => !synthetic.declared.includes(p));
  if (unknown.length > 0)
    throw new TemplateValidationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  let t: ResolvedTemplate;
  try {
    t = parseTemplate(synthetic.text, label, { parameterOverrides: parameters, ...stack });
  } catch (e) {
    if (e instanceof ValidationError) throw classify(e);
    if (isCodelocalError(e)) throw new TemplateApplyError(e.message);
    throw e;
  }
  const hasTransform = /^Transform\s*:|"Transform"\s*:/m.test(text);
  const missing = missingCapability(t, hasTransform, capabilities);
  if (missing) throw new TemplateValidationError(`Requires capabilities : [${missing}]`);
  const outputs: Record<string, string> = {};
  const resources: StackResource[] = [];
  for (const r of t.resources.values()) {
    const output = synthetic.outputs.get(r.logicalId);
    if (r.type === OUTPUT_TYPE && output !== undefined) {
      const v: unknown = r.properties.Value;
      // An unknown value (Fn::ImportValue, Fn::Transform) reads as its `<not evaluated locally: …>` text.
      outputs[output] =
        typeof v === 'string' || isNotEvaluated(v)
          ? String(v)
          : Array.isArray(v)
            ? v.map(String).join(',')
            : JSON.stringify(v);
    } else resources.push({ logicalId: r.logicalId, type: r.type });
  }
  return { resources, outputs, warnings: t.warnings.map((w) => w.message) };
}
