/**
 * Buildspecs written inside a project definition: `Source.BuildSpec` of an `AWS::CodeBuild::Project`
 * (a literal block, or `!Sub |`) and `source.buildspec` in `aws codebuild` project JSON. CodeBuild runs
 * that text as the buildspec, so it is linted like a buildspec file, with the project it belongs to
 * linked (PrivilegedMode, variables), and every finding is moved to where the text sits in the defining
 * file: line for line inside a literal block, the start of the string otherwise (a JSON string with `\n`
 * escapes, a folded or quoted scalar).
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import {
  classifyBuildspecRef,
  type CodeBuildProject,
  deref,
  type LoadedPipelineResult,
  nodePosition,
  parseYaml,
  scalarText,
  type YamlSource,
} from '../model/index.js';
import { entryOf } from './buildspec-context.js';
import { lintBuildspec } from './lint-buildspec.js';
import { pipelineVariables, type DefinedProject } from './links.js';
import { nodeAt, projectResources } from './template-tree.js';
import type { Finding } from './types.js';

type MapPosition = (line: number, column: number) => { line: number; column: number };

/** The scalar holding the text: the value itself, or the string of `Fn::Sub` (long form or list form). */
function textNode(source: YamlSource, node: Node | null): Scalar | undefined {
  const n = deref(source, node);
  if (isScalar(n)) return n;
  const sub = deref(source, entryOf(source, n, 'Fn::Sub')?.value);
  if (isScalar(sub)) return sub;
  if (isSeq(sub)) {
    const first = deref(source, sub.items[0]);
    return isScalar(first) ? first : undefined;
  }
  return undefined;
}

/** The BuildSpec node of the project in the defining file's tree. */
function buildspecNode(source: YamlSource, project: CodeBuildProject, file: string): Scalar | undefined {
  const logicalId = project.definedIn?.startsWith(`${file}#`) ? project.definedIn.slice(file.length + 1) : undefined;
  if (logicalId !== undefined) {
    const res = projectResources(source).find((r) => r.logicalId === logicalId);
    return res && textNode(source, nodeAt(source, res.properties, ['Source', 'BuildSpec']));
  }
  const root = deref(source, source.doc.contents);
  const list = deref(source, entryOf(source, root, 'projects')?.value);
  const candidates = isSeq(list) ? list.items.map((i) => deref(source, i)) : [root];
  const own = candidates.find((c) => {
    const name = deref(source, entryOf(source, c, 'name')?.value);
    return isMap(c) && isScalar(name) && scalarText(name) === project.name;
  });
  return own ? textNode(source, nodeAt(source, own, ['source', 'buildspec'])) : undefined;
}

/** Finding positions (1-based, within the inline text) to positions in the defining file. */
function positionMapper(source: YamlSource, node: Scalar | undefined): MapPosition {
  const start = nodePosition(source, node) ?? { line: 1, column: 1 };
  if (!node?.range || node.type !== Scalar.BLOCK_LITERAL) return () => ({ line: start.line, column: start.column });
  const header = source.lineCounter.linePos(node.range[0]).line;
  const starts = source.lineCounter.lineStarts;
  let indent = 0;
  for (let n = header + 1; n <= starts.length; n++) {
    const text = source.text.slice(starts[n - 1], starts[n] ?? source.text.length).replace(/\r?\n$/, '');
    if (text.trim() !== '') {
      indent = text.length - text.trimStart().length;
      break;
    }
  }
  return (line, column) => ({ line: header + line, column: indent + column });
}

export interface InlineLintOptions {
  /** Files linted in this run: projects from elsewhere (codelocal.yml `projects`) are not reported on. */
  linted: ReadonlySet<string>;
  display: (path: string) => string;
  accountId?: string;
}

export function lintInlineBuildspecs(
  projects: readonly DefinedProject[],
  pipelines: LoadedPipelineResult[],
  options: InlineLintOptions,
): Finding[] {
  const vars = pipelineVariables(pipelines);
  const sources = new Map<string, YamlSource>();
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const { project, file } of projects) {
    const ref = classifyBuildspecRef(project.source.buildspec);
    const key = project.definedIn ?? `${file}#${project.name}`;
    if (ref.kind !== 'inline' || !options.linted.has(file) || seen.has(key)) continue;
    seen.add(key);
    let source = sources.get(file);
    if (!source) {
      source = parseYaml(readFileSync(file, 'utf8'), file, { version: '1.1' }).source;
      sources.set(file, source);
    }
    const where = (project.definedIn ?? file).replace(file, options.display(file));
    const links = [{ project, where, pipelineVariables: vars.get(project.name) ?? [] }];
    const map = positionMapper(source, buildspecNode(source, project, file));
    for (const f of lintBuildspec(file, ref.text, links, { accountId: options.accountId })) {
      out.push({
        ...f,
        ...map(f.line, f.column),
        message: `inline buildspec of project '${project.name}': ${f.message}`,
      });
    }
  }
  return out;
}
