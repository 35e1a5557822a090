/**
 * Typed reading of buildspec YAML nodes with problem collection: every helper records what is wrong
 * (with a position) and returns undefined instead of throwing, so one pass reports every problem.
 */
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { InputError, isWarningCode, type CodeOf, type SourcePosition, type WarningCode } from '../errors.js';
import type { BuildspecWarning, Located } from './buildspec-types.js';
import { suggestionSuffix } from './suggest.js';
import {
  describeNode,
  isNullNode,
  mapEntries,
  nodePosition,
  scalarText,
  type MapEntry,
  type YamlSource,
} from './yaml-source.js';

/**
 * The codes of buildspec problems. Each kind of problem has its own code; whether it fails the buildspec
 * or is only a warning is its kind in the catalogue (src/errors.ts), so that is a change of one table row.
 * (CodeBuild itself reports every one of them under the status code YAML_FILE_ERROR.)
 */
export type BuildspecCode = CodeOf<'input'> | WarningCode;

export class SpecReader {
  readonly problems: InputError[] = [];
  readonly warnings: BuildspecWarning[] = [];

  constructor(readonly src: YamlSource) {}

  pos(node: Node | null | undefined, fallback?: SourcePosition): SourcePosition {
    return nodePosition(this.src, node) ?? fallback ?? { file: this.src.file, line: 1, column: 1 };
  }

  /** Records a problem: an error or a warning, as the catalogue says of its code. */
  report(code: BuildspecCode, message: string, pos: SourcePosition): void {
    if (isWarningCode(code)) this.warnings.push({ code, message, pos });
    else this.problems.push(new InputError(code, message, { position: pos }));
  }

  /**
   * The entries of a mapping, keyed by name; unknown keys are reported with a suggestion.
   * Returns undefined (after reporting) when the node is not a mapping.
   */
  map(
    node: Node | null,
    where: string,
    allowed: readonly string[],
    at: SourcePosition,
  ): Map<string, MapEntry> | undefined {
    if (!isMap(node)) {
      this.report(
        'BUILDSPEC_VALUE_NOT_MAP',
        `'${where}' must be a map, found ${describeNode(node)}`,
        this.pos(node, at),
      );
      return undefined;
    }
    const out = new Map<string, MapEntry>();
    for (const entry of mapEntries(this.src, node)) {
      if (!isScalar(entry.keyNode)) {
        this.report('BUILDSPEC_KEY_NOT_STRING', `keys in '${where}' must be plain strings`, entry.pos);
      } else if (allowed.length > 0 && !allowed.includes(entry.key)) {
        this.report(
          'BUILDSPEC_KEY_UNKNOWN',
          `unknown key '${entry.key}' in '${where}'${suggestionSuffix(entry.key, allowed)}`,
          entry.pos,
        );
      } else {
        out.set(entry.key, entry);
      }
    }
    return out;
  }

  /** A scalar value as written; maps and lists are reported. Null gives undefined silently. */
  string(entry: MapEntry | undefined, where: string): string | undefined {
    if (!entry || isNullNode(entry.value)) return undefined;
    if (!isScalar(entry.value)) {
      this.report(
        'BUILDSPEC_VALUE_NOT_STRING',
        `'${where}' must be a string, found ${describeNode(entry.value)}`,
        this.pos(entry.value, entry.pos),
      );
      return undefined;
    }
    return scalarText(entry.value);
  }

  /**
   * yes/no/true/false (and on/off, which YAML 1.1 also reads as booleans). Quoted spellings are
   * accepted too: the agent compares the words, and users quote them to silence YAML linters.
   */
  bool(entry: MapEntry | undefined, where: string): boolean | undefined {
    if (!entry || isNullNode(entry.value)) return undefined;
    const v = entry.value;
    if (isScalar(v)) {
      if (typeof v.value === 'boolean') return v.value;
      const word = scalarText(v).toLowerCase();
      if (['yes', 'true', 'on'].includes(word)) return true;
      if (['no', 'false', 'off'].includes(word)) return false;
    }
    this.report(
      'BUILDSPEC_VALUE_NOT_BOOLEAN',
      `'${where}' must be yes or no, found ${describeNode(v)}`,
      this.pos(v, entry.pos),
    );
    return undefined;
  }

  /**
   * A list of non-empty strings. `label` is the agent's field name used in its messages
   * (`Commands`, `Finally`, `Files`...). A single string is a list of one, with a warning
   * (docs/fidelity.md, "a string where a list is expected"); `quietScalar` drops the warning for
   * fields documented as either. Empty and null items are skipped with a warning.
   */
  stringList(
    entry: MapEntry | undefined,
    label: string,
    where: string,
    options: { quietScalar?: boolean } = {},
  ): Located<string>[] | undefined {
    if (!entry || isNullNode(entry.value)) return undefined;
    const v = entry.value;
    if (isScalar(v)) return this.scalarAsList(v, label, where, entry, options.quietScalar === true);
    if (!isSeq(v)) {
      const found = isMap(v) ? 'subkeys' : describeNode(v);
      const at = this.pos(v, entry.pos);
      this.report(
        'BUILDSPEC_VALUE_NOT_LIST',
        `Expected ${label} to be of list type: found ${found} instead at line ${at.line} ('${where}')`,
        at,
      );
      return undefined;
    }
    const out: Located<string>[] = [];
    v.items.forEach((raw, i) => {
      const item = raw as Node | null;
      const at = this.pos(item, entry.pos);
      const value = this.listItem(item, `${label}[${i}]`, at);
      if (value !== undefined) out.push({ value, pos: at });
    });
    return out;
  }

  private scalarAsList(v: Scalar, label: string, where: string, entry: MapEntry, quiet: boolean): Located<string>[] {
    const at = this.pos(v, entry.pos);
    const text = scalarText(v);
    if (text.trim() === '') {
      this.report('BUILDSPEC_ITEM_EMPTY', `'${where}' is an empty string: nothing to run or match (skipped)`, at);
      return [];
    }
    if (!quiet)
      this.report(
        'BUILDSPEC_VALUE_SCALAR_LIST',
        `'${where}' is one string, not a list: taken as a list of one ${label === 'Commands' || label === 'Finally' ? 'command' : 'item'} (write '- ...' items)`,
        at,
      );
    return [{ value: text, pos: at }];
  }

  private listItem(item: Node | null, label: string, at: SourcePosition): string | undefined {
    if (isMap(item)) {
      // The agent's own wording (docs/aws/codebuild.md §1.12). The second line number is our reading of the
      // observed logs: it is always one less than the first (the line above the offending item).
      this.report(
        'BUILDSPEC_ITEM_SUBKEYS',
        `Expected ${label} to be of string type: found subkeys instead at line ${at.line}, ` +
          `value of the key tag on line ${at.line - 1} might be empty`,
        at,
      );
      return undefined;
    }
    if (isSeq(item)) {
      this.report(
        'BUILDSPEC_ITEM_LIST',
        `Expected ${label} to be of string type: found list instead at line ${at.line}`,
        at,
      );
      return undefined;
    }
    const text = item && isScalar(item) ? scalarText(item) : '';
    if (isNullNode(item) || text.trim() === '') {
      // A YAML null (`-` alone, `- # a note`) or an empty string: nothing to run; skipped (docs/fidelity.md).
      this.report('BUILDSPEC_ITEM_EMPTY', `${label} at line ${at.line} is empty: skipped`, at);
      return undefined;
    }
    return text;
  }

  /** A map of scalar values (env variables, runtime versions), values as written. */
  scalarMap(entry: MapEntry | undefined, where: string): Map<string, Located<string>> | undefined {
    if (!entry || isNullNode(entry.value)) return undefined;
    const entries = this.map(entry.value, where, [], entry.pos);
    if (!entries) return undefined;
    const out = new Map<string, Located<string>>();
    for (const [key, e] of entries) {
      if (isMap(e.value) || isSeq(e.value)) {
        this.report(
          'BUILDSPEC_VALUE_NOT_STRING',
          `'${where}.${key}' must be a string, found ${describeNode(e.value)}`,
          this.pos(e.value, e.pos),
        );
        continue;
      }
      // An empty value (`KEY:`) is the empty string, as Go's map[string]string decoding gives.
      const value = e.value && isScalar(e.value) && !isNullNode(e.value) ? scalarText(e.value) : '';
      out.set(key, { value, pos: e.pos });
    }
    return out;
  }
}

export function plain(m: Map<string, Located<string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of m ?? []) out[k] = v.value;
  return out;
}
