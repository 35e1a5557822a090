/**
 * The low-level half of the CloudFormation intrinsic evaluator: reading a function call's argument nodes
 * (positions, list arity, names, string and list values) with errors that point at the template line.
 * A base class so src/model/cfn-intrinsics.ts keeps only what each intrinsic function means.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { InputError, type CodeOf, type SourcePosition } from '../errors.js';
import { NO_VALUE, shortTagName, TEMPLATE_INTRINSIC, type Call, type ResolverInput } from './cfn-intrinsic-types.js';
import { isNotEvaluated, type NotEvaluated } from './not-evaluated.js';
import { deref, isNullNode, mapEntries, nodePosition, scalarText } from './yaml-source.js';

/** Thrown when an operand is unknown (Fn::Transform): the call evaluating it becomes unknown too. */
export class UnknownOperand {
  constructor(readonly value: NotEvaluated) {}
}

export abstract class CfnNodeReader {
  constructor(protected readonly t: ResolverInput) {}

  protected pos(node: Node | null | undefined, fallback?: SourcePosition): SourcePosition {
    return nodePosition(this.t.src, node) ?? fallback ?? { file: this.t.src.file, line: 1, column: 1 };
  }

  protected fail(code: CodeOf<'input'>, message: string, at: SourcePosition): never {
    throw new InputError(code, message, { position: at });
  }

  protected callOf(node: Node | null): Call | undefined {
    if (!node) return undefined;
    const short = shortTagName(node.tag);
    if (short) return { fn: short, node, short: true, at: this.pos(node) };
    return this.longCallOf(node);
  }

  /** `{Fn::Sub: …}` as a map, whatever tag is on it (`!ImportValue {Fn::Sub: …}` nests a long form). */
  protected longCallOf(node: Node | null): Call | undefined {
    if (isMap(node) && node.items.length === 1) {
      const [e] = mapEntries(this.t.src, node);
      if (e && (e.key === 'Ref' || e.key.startsWith('Fn::')))
        return { fn: e.key, node: e.value, short: false, at: e.pos };
    }
    return undefined;
  }

  protected items(call: Call, min: number, max = min): (Node | null)[] {
    const node = deref(this.t.src, call.node);
    const n = isSeq(node) ? node.items.length : -1;
    if (!isSeq(node) || n < min || n > max) {
      const count = min === max ? `${min}` : `${min} to ${max}`;
      this.fail(TEMPLATE_INTRINSIC, `${call.fn} expects a list of ${count} values`, this.pos(node, call.at));
    }
    return node.items.map((i) => deref(this.t.src, i));
  }

  protected name(call: Call): string {
    const node = deref(this.t.src, call.node);
    if (!isScalar(node) || isNullNode(node)) {
      this.fail(TEMPLATE_INTRINSIC, `${call.fn} expects a name`, this.pos(node, call.at));
    }
    return scalarText(node);
  }

  protected str(v: unknown, what: string, at: SourcePosition): string {
    if (typeof v === 'string') return v;
    if (isNotEvaluated(v)) throw new UnknownOperand(v);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(
      TEMPLATE_INTRINSIC,
      `${what} must be a string, found ${Array.isArray(v) ? 'a list' : typeof v}`,
      at,
    );
  }

  protected list(v: unknown, what: string, at: SourcePosition): unknown[] {
    if (isNotEvaluated(v)) throw new UnknownOperand(v);
    if (!Array.isArray(v)) this.fail(TEMPLATE_INTRINSIC, `${what} must be a list`, at);
    return v.filter((x) => x !== NO_VALUE);
  }
}
