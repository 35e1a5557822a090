/**
 * Shared YAML plumbing for every model loader (buildspec, CloudFormation, pipeline, project JSON):
 * parse with node ranges kept, turn offsets into 1-based line:column, look a path up in the document.
 * JSON is read through the same parser (JSON is YAML) so JSON inputs get positions too.
 */
import { readFileSync } from 'node:fs';
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { InputError, type CodeOf, type SourcePosition } from '../errors.js';
import { MAX_DEPTH, checkDocumentLimits, checkFlowDepth, checkInputSize } from './yaml-limits.js';

export interface YamlSource {
  file: string;
  /** The text as parsed (BOM removed). */
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface ParseYamlOptions {
  /**
   * '1.1' reads `yes/no/on/off` as booleans (what Go's yaml.v2 in the CodeBuild agent and
   * CloudFormation's parser do); '1.2' is the plain core schema.
   */
  version?: '1.1' | '1.2';
  /**
   * 'error' (default): a repeated key is YAML_KEY_DUPLICATE. 'last-wins': what CloudFormation and the
   * AWS CLI's JSON reader do (the last value counts); the duplicates are then in `duplicates` only,
   * for lint and validate to warn about (docs/fidelity.md, issue 11).
   */
  duplicateKeys?: 'error' | 'last-wins';
}

export interface ParsedYaml {
  source: YamlSource;
  /** Syntax errors and duplicate keys, each with a position. Empty when the document is usable. */
  errors: InputError[];
  /** Every repeated key (also when they are errors), with the position of the repeat. */
  duplicates: InputError[];
}

/** A UTF-8 BOM is accepted (editors on Windows add it); it must not shift column numbers. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseYaml(text: string, file: string, options: ParseYamlOptions = {}): ParsedYaml {
  const tooLarge = checkInputSize(text) ?? checkFlowDepth(text);
  // A refused file is not parsed at all: an empty document stands in for it.
  const clean = tooLarge ? '' : stripBom(text);
  const lineCounter = new LineCounter();
  // uniqueKeys is off: we detect duplicates ourselves because yaml reports them at the end of the
  // previous value, while users need the position of the repeated key and of the first one.
  const doc = parseDocument(clean, {
    lineCounter,
    version: options.version ?? '1.2',
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const source: YamlSource = { file, text: clean, doc, lineCounter };
  if (tooLarge) {
    // Positions are counted on the original text: the document stands empty.
    const position = positionInText(file, text, tooLarge.offset);
    return { source, errors: [new InputError('INPUT_LIMIT', tooLarge.message, { position })], duplicates: [] };
  }
  const errors = doc.errors.map((e) =>
    // The parser recurses: very deep nesting surfaces as its stack overflow (docs/limits.md).
    e.message.includes('Maximum call stack size exceeded')
      ? new InputError(
          'INPUT_LIMIT',
          `nesting deeper than ${MAX_DEPTH} levels (limit of codelocal, see docs/limits.md)`,
          {
            position: offsetToPosition(source, e.pos[0]),
          },
        )
      : new InputError('YAML_SYNTAX', e.message, { position: offsetToPosition(source, e.pos[0]) }),
  );
  if (errors.length === 0) {
    const limit = checkDocumentLimits(doc);
    if (limit)
      errors.push(new InputError('INPUT_LIMIT', limit.message, { position: offsetToPosition(source, limit.offset) }));
  }
  const duplicates = errors.length === 0 ? sortByPosition(findDuplicateKeys(source)) : [];
  if (options.duplicateKeys !== 'last-wins') errors.push(...duplicates);
  return { source, errors, duplicates };
}

function positionInText(file: string, text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { file, line, column: offset - before.lastIndexOf('\n') };
}

/** Reads and parses a file; a missing file is an InputError naming the path. */
export function readYamlFile(
  path: string,
  options: ParseYamlOptions & { missingCode?: CodeOf<'input'> } = {},
): ParsedYaml {
  return parseYaml(readTextFile(path, options.missingCode ?? 'FILE_NOT_FOUND'), path, options);
}

export function readTextFile(path: string, missingCode: CodeOf<'input'>, message?: (path: string) => string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const text = err.code === 'ENOENT' && message ? message(path) : `cannot read ${path}: ${err.code ?? err.message}`;
    throw new InputError(missingCode, text, { cause: e });
  }
}

export function offsetToPosition(source: YamlSource, offset: number): SourcePosition {
  const { line, col } = source.lineCounter.linePos(Math.max(0, Math.min(offset, source.text.length)));
  return { file: source.file, line, column: col };
}

/** Where a node starts; for a tagged node (`!Ref X`) that is the tag, not the value after it. */
export function nodePosition(source: YamlSource, node: Node | null | undefined): SourcePosition | undefined {
  if (!node || !node.range) return undefined;
  let start = node.range[0];
  if (node.tag?.startsWith('!')) {
    const at = source.text.lastIndexOf(node.tag, start);
    if (at >= 0 && source.text.slice(at + node.tag.length, start).trim() === '') start = at;
  }
  return offsetToPosition(source, start);
}

/** Position of a pair: its key (what editors should jump to for "this entry"). */
export function pairPosition(source: YamlSource, pair: Pair): SourcePosition | undefined {
  return nodePosition(source, pair.key as Node) ?? nodePosition(source, pair.value as Node);
}

/** Follows aliases (`*anchor`) to the node they name. */
export function deref(source: YamlSource, node: unknown): Node | null {
  let n = node as Node | null | undefined;
  for (let i = 0; i < 64 && n && isAlias(n); i++) n = n.resolve(source.doc) as Node | undefined;
  return n ?? null;
}

/** The text of a scalar as the user wrote it: `3.10` stays "3.10", `yes` stays "yes". */
export function scalarText(node: Scalar): string {
  if (typeof node.value === 'string') return node.value;
  if (node.value === null || node.value === undefined) return node.source ?? '';
  if (typeof node.source === 'string') return node.source;
  return String(node.value);
}

/** An explicit null (`key:` or `~`) is "absent" for every loader. */
export function isNullNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && (node.value === null || node.value === undefined));
}

export interface MapEntry {
  key: string;
  keyNode: Node;
  value: Node | null;
  /** Position of the key (entry). */
  pos: SourcePosition;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.source === '<<' || typeof key.value === 'symbol' || key.value === '<<');
}

/**
 * The entries of a mapping with keys as written, aliases followed and `<<: *anchor` merges expanded
 * (explicit keys win over merged ones, as YAML 1.1 says). Non-scalar keys are reported by the caller.
 */
export function mapEntries(source: YamlSource, map: YAMLMap): MapEntry[] {
  // Merged maps are shared (that is what anchors are for): expand each once, or chains of merges
  // cost 2^depth (docs/limits.md).
  const cached = entriesCache.get(map);
  if (cached) return cached;
  const entries = expandEntries(source, map);
  entriesCache.set(map, entries);
  return entries;
}

const entriesCache = new WeakMap<YAMLMap, MapEntry[]>();

function expandEntries(source: YamlSource, map: YAMLMap): MapEntry[] {
  const own: MapEntry[] = [];
  const merged: MapEntry[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) {
      const target = deref(source, pair.value);
      const targets = isSeq(target) ? target.items.map((t) => deref(source, t)) : [target];
      for (const t of targets) if (isMap(t)) merged.push(...mapEntries(source, t));
      continue;
    }
    const keyNode = deref(source, pair.key) as Node;
    const key = isScalar(keyNode) ? scalarText(keyNode) : '';
    own.push({
      key,
      keyNode,
      value: deref(source, pair.value),
      pos: pairPosition(source, pair) ?? { file: source.file, line: 1, column: 1 },
    });
  }
  // A repeated key (accepted only where the reader is last-wins) counts once, with its last value.
  const last = new Map(own.map((e, i) => [e.key, i]));
  const kept = last.size === own.length ? own : own.filter((e, i) => last.get(e.key) === i);
  const seen = new Set(kept.map((e) => e.key));
  return [...kept, ...merged.filter((e) => !seen.has(e.key) && (seen.add(e.key), true))];
}

function findDuplicateKeys(source: YamlSource): InputError[] {
  const errors: InputError[] = [];
  visit(source.doc, {
    Map(_, map) {
      const first = new Map<string, Pair>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || isMergeKey(pair.key)) continue;
        const key = scalarText(pair.key);
        const prev = first.get(key);
        if (!prev) {
          first.set(key, pair);
          continue;
        }
        const prevPos = pairPosition(source, prev);
        errors.push(
          new InputError(
            'YAML_KEY_DUPLICATE',
            `duplicate key "${key}" (first defined at line ${prevPos?.line ?? '?'})`,
            {
              position: pairPosition(source, pair),
            },
          ),
        );
      }
    },
  });
  return errors;
}

/** A repeated key where the last one counts: the warning text, naming who reads it that way. */
export function lastWinsMessage(duplicate: InputError, reader = 'CloudFormation and the AWS CLI read it'): string {
  return `${duplicate.message}: the last value counts, as ${reader}`;
}

export type YamlPath = readonly (string | number)[];

/** The node at `path` (map keys as written, sequence indexes), or undefined when absent. */
export function nodeAt(source: YamlSource, path: YamlPath): Node | null | undefined {
  let node: Node | null = deref(source, source.doc.contents);
  for (const step of path) {
    const next = childOf(source, node, step);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

function childOf(source: YamlSource, node: Node | null, step: string | number): Node | null | undefined {
  if (isMap(node)) {
    const entry = mapEntries(source, node).find((e) => e.key === String(step));
    return entry ? entry.value : undefined;
  }
  if (isSeq(node) && typeof step === 'number') {
    const item = (node as YAMLSeq).items[step];
    return item === undefined ? undefined : deref(source, item);
  }
  return undefined;
}

/**
 * Source position of the value at `path`; with `key: true`, of the key that introduces it.
 * When the path goes deeper than the document (a value produced by an intrinsic, a default),
 * the position of the deepest existing ancestor is returned so messages still point somewhere useful.
 */
export function positionOf(
  source: YamlSource,
  path: YamlPath,
  options: { key?: boolean } = {},
): SourcePosition | undefined {
  let node: Node | null = deref(source, source.doc.contents);
  let best = nodePosition(source, node) ?? { file: source.file, line: 1, column: 1 };
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (isMap(node)) {
      const entry = mapEntries(source, node).find((e) => e.key === String(step));
      if (!entry) return best;
      const last = i === path.length - 1;
      const valuePos = isNullNode(entry.value) ? undefined : nodePosition(source, entry.value);
      best = last && options.key ? entry.pos : (valuePos ?? entry.pos);
      node = entry.value;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step] !== undefined) {
      node = deref(source, node.items[step]);
      best = nodePosition(source, node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

/** What kind of node this is, for "expected X, found Y" messages. */
export function describeNode(node: Node | null): 'map' | 'list' | 'string' | 'number' | 'boolean' | 'empty value' {
  if (isNullNode(node)) return 'empty value';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'list';
  if (isScalar(node)) {
    if (typeof node.value === 'number') return 'number';
    if (typeof node.value === 'boolean') return 'boolean';
  }
  return 'string';
}

/** Problems are found section by section; users read them top to bottom. */
export function sortByPosition<T extends { position?: SourcePosition }>(problems: T[]): T[] {
  const key = (p: T) => (p.position ? p.position.line * 1e6 + p.position.column : 0);
  return [...problems].sort((a, b) => key(a) - key(b));
}
