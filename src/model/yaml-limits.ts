/**
 * Limits on what a YAML/JSON input may make codelocal do, checked once for every loader (buildspec,
 * pipeline, template, project, stubs, config, lint) right after parsing and before anything walks the
 * document. Aliases and merge keys (`<<: *a`) let a few hundred bytes stand for millions of nodes
 * ("billion laughs"), and a self-referencing or undefined alias makes the YAML library throw its own
 * errors later; real files come nowhere near these limits (docs/limits.md says why each number).
 */
import { type Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/** The largest file read (CloudFormation's own maximum template size is 1 MB; docs/limits.md). */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024;
/** Nesting depth of collections (real files stay under 30). */
export const MAX_DEPTH = 200;
/** Nodes the document stands for once every alias and merge is expanded. */
export const MAX_EXPANDED_NODES = 250_000;

export interface LimitProblem {
  message: string;
  /** Offset in the text the problem is about (0 for the whole file). */
  offset: number;
}

/** The size check, before parsing: a larger input is refused without being read as YAML. */
export function checkInputSize(text: string): LimitProblem | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_INPUT_BYTES) return undefined;
  return {
    message: `the file is ${bytes} bytes; codelocal reads files up to ${MAX_INPUT_BYTES} bytes (limit of codelocal, see docs/limits.md)`,
    offset: 0,
  };
}

/**
 * Flow nesting (`[[[[…`) measured on the text, before parsing: the YAML parser itself takes seconds
 * and then overflows its stack on 100,000 levels. Quoted text and comments do not count.
 */
export function checkFlowDepth(text: string): LimitProblem | undefined {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote || c === '\n') quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\n')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) {
        return {
          message: `nesting deeper than ${MAX_DEPTH} levels (limit of codelocal, see docs/limits.md)`,
          offset: i,
        };
      }
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

/**
 * Depth, alias and expansion checks over the parsed document. Iterative (no recursion), and each
 * node's expanded size is computed once, so the check itself is linear in the text.
 */
export function checkDocumentLimits(doc: Document.Parsed): LimitProblem | undefined {
  const root = doc.contents as Node | null;
  if (!root) return undefined;
  return checkDepthAndAliases(doc, root) ?? checkExpandedSize(doc, root);
}

function childrenOf(node: unknown): unknown[] {
  if (isPair(node)) return [node.key, node.value];
  if (isCollection(node)) return node.items as unknown[];
  return [];
}

function start(node: unknown): number {
  return (node as Node | null)?.range?.[0] ?? 0;
}

function checkDepthAndAliases(doc: Document.Parsed, root: Node): LimitProblem | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH && !isPair(node)) {
      return {
        message: `nesting deeper than ${MAX_DEPTH} levels (limit of codelocal, see docs/limits.md)`,
        offset: start(node),
      };
    }
    if (isPair(node) && isScalar(node.key) && typeof node.key.value === 'symbol' && !mergesMaps(doc, node.value)) {
      // YAML 1.1 merge keys (`<<: *base`) take a map, an alias of one, or a list of those.
      return {
        message: 'a merge key (<<) takes a map, an alias of a map, or a list of those',
        offset: start(node.key),
      };
    }
    if (isAlias(node) && !resolveAlias(doc, node)) {
      return {
        message: `alias *${node.source} names no anchor &${node.source} defined before it`,
        offset: start(node),
      };
    }
    const nextDepth = isPair(node) ? depth : depth + 1;
    for (const child of childrenOf(node))
      if (child && typeof child === 'object') stack.push({ node: child, depth: nextDepth });
  }
  return undefined;
}

function mergesMaps(doc: Document.Parsed, value: unknown): boolean {
  const isMapLike = (v: unknown) => isMap(isAlias(v) ? resolveAlias(doc, v as Node) : v);
  return isMapLike(value) || (isSeq(value) && value.items.every(isMapLike));
}

function resolveAlias(doc: Document.Parsed, alias: Node): Node | undefined {
  try {
    return (alias as unknown as { resolve(d: Document): Node | undefined }).resolve(doc);
  } catch {
    return undefined;
  }
}

/**
 * Expanded node count with aliases followed, post-order over an explicit stack; a node that is
 * reached again while its own size is still being computed is an alias inside its own anchor.
 */
function checkExpandedSize(doc: Document.Parsed, root: Node): LimitProblem | undefined {
  const size = new Map<unknown, number>();
  const open = new Set<unknown>();
  const stack: { node: unknown; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const node = isAlias(frame.node) ? resolveAlias(doc, frame.node as Node) : frame.node;
    if (size.has(node)) {
      if (frame.node !== node) size.set(frame.node, size.get(node)!);
      stack.pop();
      continue;
    }
    const kids = isScalar(node) || !node ? [] : childrenOf(node).filter((c) => c && typeof c === 'object');
    if (!frame.expanded) {
      if (open.has(node)) return { message: 'an alias refers to the node that contains it', offset: start(frame.node) };
      frame.expanded = true;
      open.add(node);
      for (const k of kids) stack.push({ node: k, expanded: false });
      continue;
    }
    let total = 1;
    for (const k of kids) total += size.get(k) ?? size.get(isAlias(k) ? resolveAlias(doc, k as Node) : k) ?? 0;
    if (total > MAX_EXPANDED_NODES) {
      return {
        message: `aliases and merge keys expand to more than ${MAX_EXPANDED_NODES} nodes (limit of codelocal, see docs/limits.md)`,
        offset: start(frame.node),
      };
    }
    open.delete(node);
    size.set(node, total);
    if (frame.node !== node) size.set(frame.node, total);
    stack.pop();
  }
  return undefined;
}
