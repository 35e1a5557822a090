/**
 * Builds the BuildspecContext rules inspect. Commands are read from the YAML tree rather than from the
 * validated Buildspec so that lint rules still run on a file the validator rejected for an unrelated reason.
 */
import { isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import type { SourcePosition } from '../errors.js';
import {
  type BatchSpec,
  type Buildspec,
  deref,
  mapEntries,
  type MapEntry,
  nodePosition,
  type YamlSource,
} from '../model/index.js';
import type { BuildspecContext, CommandItem, ProjectLink } from './types.js';

/** The entry `key` of a mapping node, or undefined. */
export function entryOf(source: YamlSource, node: Node | null | undefined, key: string): MapEntry | undefined {
  return isMap(node) ? mapEntries(source, node).find((e) => e.key === key) : undefined;
}

/** The entries of the mapping at `keys` under the document root (e.g. ['env', 'variables']). */
export function entriesAt(source: YamlSource, keys: string[]): MapEntry[] {
  let node: Node | null = deref(source, source.doc.contents);
  for (const k of keys) {
    const e = entryOf(source, node, k);
    if (!e) return [];
    node = e.value;
  }
  return isMap(node) ? mapEntries(source, node) : [];
}

function readCommands(source: YamlSource): CommandItem[] {
  const out: CommandItem[] = [];
  for (const phase of entriesAt(source, ['phases'])) {
    for (const list of ['commands', 'finally'] as const) {
      const seq = entryOf(source, phase.value, list)?.value;
      if (!isSeq(seq)) continue;
      for (const raw of seq.items) {
        const node = deref(source, raw);
        if (!isScalar(node) || typeof node.value !== 'string') continue;
        const pos = nodePosition(source, node) ?? phase.pos;
        out.push({ text: node.value, node, pos, phase: phase.key, list });
      }
    }
  }
  return out;
}

/** Source text of 1-based line `n`, without its newline. */
function sourceLine(source: YamlSource, n: number): string {
  const starts = source.lineCounter.lineStarts;
  const start = starts[n - 1] ?? source.text.length;
  const end = starts[n] ?? source.text.length;
  return source.text.slice(start, end).replace(/\r?\n$/, '');
}

function positionIn(source: YamlSource, item: CommandItem, lineIndex: number, col: number): SourcePosition {
  const node = item.node;
  if (node.type === Scalar.BLOCK_LITERAL && node.range) {
    // A literal block maps line for line onto the source, starting on the line after its `|` header.
    const header = source.lineCounter.linePos(node.range[0]).line;
    let indent = 0;
    for (let n = header + 1; n <= source.lineCounter.lineStarts.length; n++) {
      const text = sourceLine(source, n);
      if (text.trim() !== '') {
        indent = text.length - text.trimStart().length;
        break;
      }
    }
    return { file: item.pos.file, line: header + 1 + lineIndex, column: indent + col + 1 };
  }
  if (lineIndex === 0 && !item.text.includes('\n')) {
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    // Escapes in double quotes shift columns; pointing at the item is better than pointing wrong.
    if (node.type === Scalar.PLAIN || (quoted && !(node.source ?? '').includes('\\')))
      return { ...item.pos, column: item.pos.column + col + (quoted ? 1 : 0) };
  }
  return item.pos;
}

export function buildspecContext(
  raw: string,
  source: YamlSource,
  spec: Buildspec | undefined,
  links: ProjectLink[],
  ownAccounts: string[] = [],
  batch?: BatchSpec,
): BuildspecContext {
  const fromArns = links.flatMap((l) => /^arn:[^:]+:codebuild:[^:]*:(\d{12}):/.exec(l.project.arn ?? '')?.[1] ?? []);
  return {
    ownAccounts: [...new Set([...ownAccounts, ...fromArns])],
    file: source.file,
    raw,
    source,
    spec,
    batch,
    commands: readCommands(source),
    links,
    positionIn: (item, lineIndex, col) => positionIn(source, item, lineIndex, col),
  };
}
