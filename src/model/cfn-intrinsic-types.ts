/**
 * The vocabulary shared by the CloudFormation intrinsic evaluator (src/model/cfn-intrinsics.ts) and its node
 * reader (src/model/cfn-node-reader.ts): what the resolver is given, how a call is seen, error codes.
 */
import type { Node, YAMLMap } from 'yaml';
import type { SourcePosition } from '../errors.js';
import type { SsmParameterLookup } from './cfn-dynamic-refs.js';
import type { StackInfo } from './cfn-names.js';
import type { MapEntry, YamlSource } from './yaml-source.js';

/** `Ref: AWS::NoValue`: the enclosing property or list item disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export const TEMPLATE_REF = 'TEMPLATE_REF' as const;
export const TEMPLATE_INTRINSIC = 'TEMPLATE_INTRINSIC' as const;

export interface ResourceDecl {
  id: string;
  type: string;
  props: YAMLMap | null;
  condition?: { name: string; pos: SourcePosition };
  pos: SourcePosition;
}

export interface ResolverInput {
  src: YamlSource;
  stack: StackInfo;
  pseudo: Map<string, string | string[]>;
  params: Map<string, string | string[]>;
  conditions: Map<string, MapEntry>;
  mappings: Map<string, MapEntry>;
  resources: Map<string, ResourceDecl>;
  imports: Record<string, string>;
  ssmParameter?: SsmParameterLookup;
}

export type ValuePath = (string | number)[];
export type Recorder = (path: ValuePath, pos: SourcePosition) => void;

export interface Call {
  fn: string;
  /** The argument node; for short tags the tagged node itself (its tag is not re-read). */
  node: Node | null;
  short: boolean;
  at: SourcePosition;
}

const SHORT_TAGS = [
  'Sub', 'Join', 'If', 'Equals', 'And', 'Or', 'Not', 'Select', 'Split', 'FindInMap', 'Base64',
  'ImportValue', 'GetAZs', 'GetAtt', 'Cidr', 'Transform', 'ToJsonString', 'Length',
]; // prettier-ignore
export const CONDITION_FNS = ['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition'];
/** Resolved by CodePipeline at run time, not by CloudFormation (docs/aws/codepipeline.md §6.3). */
export const RUNTIME_FNS = ['Fn::GetArtifactAtt', 'Fn::GetParam'];

export function shortTagName(tag: string | undefined): string | undefined {
  if (tag === '!Ref') return 'Ref';
  if (tag === '!Condition') return 'Condition';
  const name = tag?.startsWith('!') ? tag.slice(1) : undefined;
  return name && SHORT_TAGS.includes(name) ? `Fn::${name}` : undefined;
}
