/**
 * Evaluates CloudFormation intrinsic functions over the YAML node tree (docs/aws/codepipeline.md §6.3), so every
 * resolved value can still be traced to the line it came from. Long (`Fn::Sub:`) and short (`!Sub`) forms
 * are equivalent. CodePipeline's own run-time functions (`Fn::GetArtifactAtt`, `Fn::GetParam`), `#{...}`
 * variables and `{{resolve:...}}` dynamic references are deliberately left untouched.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourcePosition } from '../errors.js';
import { attributeValue, generatedName, LOCALLY_NAMED_TYPES, NAME_PROPERTY, refValue } from './cfn-names.js';
import {
  CONDITION_FNS,
  NO_VALUE,
  RUNTIME_FNS,
  TEMPLATE_INTRINSIC,
  TEMPLATE_REF,
  type Call,
  type Recorder,
  type ResourceDecl,
  type ValuePath,
} from './cfn-intrinsic-types.js';
import { resolveDynamicReferences } from './cfn-dynamic-refs.js';
import { CfnNodeReader, UnknownOperand } from './cfn-node-reader.js';
import { isNotEvaluated, NotEvaluated } from './not-evaluated.js';
import { suggestionSuffix } from './suggest.js';
import { deref, isNullNode, mapEntries, scalarText } from './yaml-source.js';

// The types live in their own file; importers keep reading them from here.
export {
  NO_VALUE,
  TEMPLATE_INTRINSIC,
  TEMPLATE_REF,
  type Recorder,
  type ResolverInput,
  type ResourceDecl,
  type ValuePath,
} from './cfn-intrinsic-types.js';

export class CfnResolver extends CfnNodeReader {
  readonly warnings: { message: string; pos: SourcePosition }[] = [];
  private readonly conditionValues = new Map<string, boolean>();
  private readonly evaluating = new Set<string>();
  private readonly names = new Map<string, string>();
  private readonly naming = new Set<string>();

  /** Resolves a node to a plain value (or NO_VALUE), recording the source of each resolved path. */
  resolve(raw: Node | null, path: ValuePath = [], record?: Recorder): unknown {
    const node = deref(this.t.src, raw);
    if (node && record && !isNullNode(node)) record(path, this.pos(node));
    const call = this.callOf(node);
    return call ? this.evaluate(call, path, record) : this.content(node, path, record);
  }

  /** The node's own value, ignoring a short tag on it; children are resolved normally. */
  private content(node: Node | null, path: ValuePath, record?: Recorder): unknown {
    if (isNullNode(node)) return null;
    if (isScalar(node)) {
      const v = node.value;
      // YAML 1.1 timestamps (`AWSTemplateFormatVersion: 2010-09-09`) and other exotic scalars stay text.
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : scalarText(node);
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      for (const item of node.items) {
        const v = this.resolve(item as Node | null, [...path, out.length], record);
        if (v !== NO_VALUE) out.push(v);
      }
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const e of mapEntries(this.t.src, node)) {
        const v = this.resolve(e.value, [...path, e.key], record);
        if (v !== NO_VALUE) out[e.key] = v;
      }
      return out;
    }
    return null;
  }

  private arg(call: Call): unknown {
    if (!call.short) return this.resolve(call.node);
    // The tagged node is the argument: a long-form call in it is evaluated, its own tag is not re-read.
    const inner = this.longCallOf(deref(this.t.src, call.node));
    return inner ? this.evaluate(inner, []) : this.content(call.node, []);
  }

  /** A call over an unknown operand (`!Sub` over an `Fn::Transform`) is itself unknown. */
  private evaluate(call: Call, path: ValuePath, record?: Recorder): unknown {
    try {
      return this.evaluateKnown(call, path, record);
    } catch (e) {
      if (e instanceof UnknownOperand) return e.value;
      throw e;
    }
  }

  private evaluateKnown(call: Call, path: ValuePath, record?: Recorder): unknown {
    const { fn, at } = call;
    switch (fn) {
      case 'Ref':
        return this.ref(this.name(call), at);
      case 'Fn::GetAtt':
        return this.getAttCall(call);
      case 'Fn::Sub':
        return this.sub(call);
      case 'Fn::If': {
        const [cond, yes, no] = this.items(call, 3);
        const name = scalarText(
          isScalar(cond) ? cond : this.fail(TEMPLATE_INTRINSIC, 'Fn::If expects a condition name first', at),
        );
        return this.resolve(this.condition(name, this.pos(cond, at)) ? yes! : no!, path, record);
      }
      case 'Fn::Join': {
        const [delim, values] = this.items(call, 2);
        const sep = this.str(this.resolve(delim!), 'Fn::Join delimiter', this.pos(delim, at));
        const parts = this.list(this.resolve(values!), 'Fn::Join values', this.pos(values, at));
        return parts.map((p) => this.str(p, 'Fn::Join value', this.pos(values, at))).join(sep);
      }
      case 'Fn::Select': {
        const [index, values] = this.items(call, 2);
        const i = Number(this.resolve(index!));
        const list = this.list(this.resolve(values!), 'Fn::Select values', this.pos(values, at));
        if (!Number.isInteger(i) || i < 0 || i >= list.length) {
          this.fail(TEMPLATE_INTRINSIC, `Fn::Select index ${String(i)} is out of range (${list.length} values)`, at);
        }
        return list[i];
      }
      case 'Fn::Split': {
        const [delim, source] = this.items(call, 2);
        const sep = this.str(this.resolve(delim!), 'Fn::Split delimiter', at);
        return this.str(this.resolve(source!), 'Fn::Split source', this.pos(source, at)).split(sep);
      }
      case 'Fn::FindInMap':
        return this.findInMap(call);
      case 'Fn::Base64':
        return Buffer.from(this.str(this.arg(call), 'Fn::Base64 value', at), 'utf8').toString('base64');
      case 'Fn::GetAZs': {
        const region = this.str(this.arg(call) ?? '', 'Fn::GetAZs region', at) || this.t.stack.region;
        return ['a', 'b', 'c'].map((z) => `${region}${z}`);
      }
      case 'Fn::ImportValue': {
        const name = this.str(this.arg(call), 'Fn::ImportValue name', at);
        if (name in this.t.imports) return this.t.imports[name];
        // Another stack's export is unknown here, not wrong (issue 11): only what needs it fails.
        this.warnings.push({
          message: `Fn::ImportValue '${name}' has no local value (imports: in codelocal.yml gives one): it is unknown here, and only what needs it fails`,
          pos: at,
        });
        return new NotEvaluated('Fn::ImportValue', name);
      }
      case 'Fn::ToJsonString':
        return JSON.stringify(this.arg(call));
      case 'Fn::Length':
        return this.list(this.arg(call), 'Fn::Length value', at).length;
      case 'Fn::Transform':
        return this.transform(call);
      default:
        if (CONDITION_FNS.includes(fn)) this.fail(TEMPLATE_INTRINSIC, `${fn} can only be used in Conditions`, at);
        if (!RUNTIME_FNS.includes(fn)) {
          this.warnings.push({ message: `${fn} is not evaluated locally; the value is kept as written`, pos: at });
        }
        return { [fn]: call.node ? call.node.toJS(this.t.src.doc, { maxAliasCount: -1 }) : null };
    }
  }

  /** `Fn::Transform` (AWS::Include, macros) runs in CloudFormation: its value is unknown here (issue 11). */
  private transform(call: Call): NotEvaluated {
    const args = deref(this.t.src, call.node);
    const nameEntry = isMap(args) ? mapEntries(this.t.src, args).find((e) => e.key === 'Name') : undefined;
    const name = nameEntry && isScalar(nameEntry.value) ? scalarText(nameEntry.value) : '';
    this.warnings.push({
      message: `Fn::Transform${name ? ` (${name})` : ''} is not evaluated locally: its value is unknown here, and only what needs it fails`,
      pos: call.at,
    });
    return new NotEvaluated('Fn::Transform', name);
  }

  ref(name: string, at: SourcePosition): string | string[] | typeof NO_VALUE {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const known = this.t.pseudo.get(name) ?? this.t.params.get(name);
    if (known !== undefined) return known;
    const decl = this.t.resources.get(name);
    if (decl) return refValue(decl.type, this.physicalName(decl, at), this.t.stack);
    const names = [...this.t.params.keys(), ...this.t.resources.keys(), ...this.t.pseudo.keys()];
    return this.fail(
      TEMPLATE_REF,
      `unresolved reference '${name}': not a parameter, pseudo parameter or resource${suggestionSuffix(name, names)}`,
      at,
    );
  }

  isEnabled(decl: ResourceDecl): boolean {
    return !decl.condition || this.condition(decl.condition.name, decl.condition.pos);
  }

  /** The declared name property, else a generated name; resolved once and cached. */
  physicalName(decl: ResourceDecl, at: SourcePosition): string {
    const cached = this.names.get(decl.id);
    if (cached !== undefined) return cached;
    if (!this.isEnabled(decl)) {
      this.fail(TEMPLATE_REF, `'${decl.id}' is referenced but its condition '${decl.condition?.name}' is false`, at);
    }
    if (this.naming.has(decl.id)) this.fail(TEMPLATE_REF, `circular reference to '${decl.id}' in its own name`, at);
    this.naming.add(decl.id);
    try {
      const prop = NAME_PROPERTY[decl.type];
      const entry = prop && decl.props ? mapEntries(this.t.src, decl.props).find((e) => e.key === prop) : undefined;
      // The resource's own pass (cloudformation.ts) has already warned about a dynamic reference here.
      const value = entry
        ? resolveDynamicReferences(this.resolve(entry.value), [], this.t.ssmParameter, () => undefined)
        : undefined;
      const unknownName = isNotEvaluated(value) && LOCALLY_NAMED_TYPES.has(decl.type);
      if (unknownName) {
        this.warnings.push({
          message: `the ${prop} of ${decl.id} comes from ${value.fn}${value.detail ? ` (${value.detail})` : ''}, which codelocal does not evaluate: it is named '${decl.id}' (its logical id) locally`,
          pos: entry!.pos,
        });
      }
      const name =
        value === undefined || value === null || value === NO_VALUE || unknownName
          ? generatedName(decl.type, decl.id, this.t.stack)
          : this.str(value, `${decl.id}.${prop}`, entry!.pos);
      this.names.set(decl.id, name);
      return name;
    } finally {
      this.naming.delete(decl.id);
    }
  }

  private getAttCall(call: Call): string {
    const node = deref(this.t.src, call.node);
    if (isScalar(node) && typeof node.value === 'string' && node.value.includes('.')) {
      const dot = node.value.indexOf('.');
      return this.getAtt(node.value.slice(0, dot), node.value.slice(dot + 1), call.at);
    }
    const [id, attr] = isSeq(node)
      ? this.items(call, 2)
      : this.fail(TEMPLATE_INTRINSIC, 'Fn::GetAtt expects [LogicalId, Attribute] or "LogicalId.Attribute"', call.at);
    const idText = this.str(this.resolve(id!), 'Fn::GetAtt logical id', call.at);
    return this.getAtt(idText, this.str(this.resolve(attr!), 'Fn::GetAtt attribute', call.at), call.at);
  }

  getAtt(id: string, attr: string, at: SourcePosition): string {
    const decl = this.t.resources.get(id);
    if (!decl) {
      const hint = suggestionSuffix(id, [...this.t.resources.keys()]);
      return this.fail(TEMPLATE_REF, `Fn::GetAtt: '${id}' is not a resource of this template${hint}`, at);
    }
    const name = this.physicalName(decl, at);
    const prop = (key: string): unknown => {
      const e = decl.props ? mapEntries(this.t.src, decl.props).find((x) => x.key === key) : undefined;
      return e ? this.resolve(e.value) : undefined;
    };
    const value = attributeValue(decl.type, name, attr, this.t.stack, prop);
    if (value !== undefined) return value;
    this.warnings.push({
      message: `Fn::GetAtt ${id}.${attr} is not known for ${decl.type}; using a placeholder`,
      pos: at,
    });
    return `<GetAtt ${id}.${attr}>`;
  }

  private sub(call: Call): string {
    const node = deref(this.t.src, call.node);
    let template: Node | null = node;
    const vars = new Map<string, unknown>();
    if (isSeq(node)) {
      const [tmpl, map] = this.items(call, 2);
      template = tmpl!;
      if (!isMap(map)) this.fail(TEMPLATE_INTRINSIC, 'Fn::Sub variables must be a map', this.pos(map, call.at));
      for (const e of mapEntries(this.t.src, map)) vars.set(e.key, this.resolve(e.value));
    }
    if (!isScalar(template) || typeof template.value !== 'string') {
      return this.fail(
        TEMPLATE_INTRINSIC,
        'Fn::Sub expects a string or [string, {variables}]',
        this.pos(template, call.at),
      );
    }
    const at = this.pos(template, call.at);
    // Only `${...}` is touched: CodePipeline's `#{ns.var}` passes through unchanged.
    return template.value.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      if (vars.has(name)) return this.str(vars.get(name), `Fn::Sub variable ${name}`, at);
      const dot = name.indexOf('.');
      if (dot > 0 && this.t.resources.has(name.slice(0, dot)))
        return this.getAtt(name.slice(0, dot), name.slice(dot + 1), at);
      const v = this.ref(name, at);
      return this.str(v === NO_VALUE ? undefined : v, `Fn::Sub variable ${name}`, at);
    });
  }

  private findInMap(call: Call): unknown {
    const keys = this.items(call, 3).map((n) => this.str(this.resolve(n), 'Fn::FindInMap key', this.pos(n, call.at)));
    let entry = this.t.mappings.get(keys[0]!);
    for (const key of keys.slice(1)) {
      const next =
        entry && isMap(entry.value) ? mapEntries(this.t.src, entry.value).find((e) => e.key === key) : undefined;
      entry = next;
    }
    if (!entry)
      this.fail(
        TEMPLATE_REF,
        `Fn::FindInMap: no value for [${keys.join(', ')}] in Mappings${this.pseudoHint(keys)}`,
        call.at,
      );
    return this.resolve(entry.value);
  }

  /**
   * Mappings keyed by account or region are common: a key that is codelocal's own account id or region
   * (a default, or the user's) is most likely the wrong one, so the message names where to set it.
   */
  private pseudoHint(keys: string[]): string {
    const account = this.t.pseudo.get('AWS::AccountId');
    const region = this.t.pseudo.get('AWS::Region');
    if (account !== undefined && keys.includes(String(account)))
      return ` (${String(account)} is the account id codelocal uses here: set the one the stack deploys to with --account-id; pipeline plan and run, build and lint also take accountId: from codelocal.yml)`;
    if (region !== undefined && keys.includes(String(region)))
      return ` (${String(region)} is the region codelocal uses here: set the stack's with --region; pipeline plan and run also take region: from codelocal.yml)`;
    return '';
  }

  /** A named condition's value; each is evaluated once. */
  condition(name: string, at: SourcePosition): boolean {
    const cached = this.conditionValues.get(name);
    if (cached !== undefined) return cached;
    const entry = this.t.conditions.get(name);
    if (!entry) {
      const hint = suggestionSuffix(name, [...this.t.conditions.keys()]);
      return this.fail(TEMPLATE_REF, `unknown condition '${name}'${hint}`, at);
    }
    if (this.evaluating.has(name)) this.fail(TEMPLATE_INTRINSIC, `condition '${name}' depends on itself`, at);
    this.evaluating.add(name);
    try {
      const value = this.conditionExpr(entry.value, entry.pos);
      this.conditionValues.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }

  private conditionExpr(raw: Node | null, fallback: SourcePosition): boolean {
    const node = deref(this.t.src, raw);
    let call = this.callOf(node);
    if (!call && isMap(node) && node.items.length === 1) {
      const [e] = mapEntries(this.t.src, node);
      if (e?.key === 'Condition') call = { fn: 'Condition', node: e.value, short: false, at: e.pos };
    }
    const at = call?.at ?? this.pos(node, fallback);
    switch (call?.fn) {
      case 'Fn::Equals': {
        const [a, b] = this.items(call, 2).map((n) => this.resolve(n));
        return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
      }
      case 'Fn::And':
        return this.items(call, 2, 10).every((n) => this.conditionExpr(n, at));
      case 'Fn::Or':
        return this.items(call, 2, 10).some((n) => this.conditionExpr(n, at));
      case 'Fn::Not':
        return !this.conditionExpr(this.items(call, 1)[0]!, at);
      case 'Condition':
        return this.condition(this.name(call), at);
      default:
        return this.fail(
          TEMPLATE_INTRINSIC,
          'expected a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition)',
          at,
        );
    }
  }
}

/** CloudFormation compares condition operands as strings: `!Equals [!Ref Count, 3]` holds for "3". */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}
