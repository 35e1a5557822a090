/**
 * What `check` reports on, from lint's discovery: every buildspec, pipeline definition, template and
 * project file lint recognised, each buildspec with the source folder and project its build uses.
 * The choice of source folder for a buildspec no project links is codelocal's (docs/check.md
 * "Items"): the folder holding it, or the parent of a `buildspecs/` folder.
 */
import { basename, dirname, normalize, relative, resolve, sep } from 'node:path';
import { classifyBuildspecRef, readPipeline } from '../../model/index.js';
import type { LintResult, ProjectLink } from '../../lint/index.js';
import { pipelineRefs } from './pipeline-refs.js';
import type { CheckItem, CheckItemKind } from './types.js';

const KINDS = new Set<string>(['buildspec', 'pipeline', 'template', 'projects']);

/** `rel/file#Name` → `rel/file`. */
function fileOf(where: string): string {
  return where.replace(/#[^#]*$/, '');
}

function toSlash(p: string): string {
  return p.split(sep).join('/');
}

/** Source root and buildspec path of a buildspec, from the project that runs it when there is one. */
function sourceOf(abs: string, link: ProjectLink | undefined): { sourceRoot: string; buildspec: string } {
  const ref = link ? classifyBuildspecRef(link.project.source.buildspec) : undefined;
  if (ref && (ref.kind === 'default' || ref.kind === 'path')) {
    const rel = normalize(ref.path);
    if (abs.endsWith(sep + rel)) return { sourceRoot: abs.slice(0, -rel.length - 1), buildspec: toSlash(rel) };
  }
  const dir = dirname(abs);
  if (basename(dir) === 'buildspecs')
    return { sourceRoot: dirname(dir), buildspec: toSlash(relative(dirname(dir), abs)) };
  return { sourceRoot: dir, buildspec: basename(abs) };
}

/** Project names the CodeBuild actions of an item's pipelines run (unreadable pipelines name none). */
function projectNamesOf(item: Pick<CheckItem, 'kind' | 'abs'>): string[] {
  return pipelineRefs(item).flatMap((ref) => {
    try {
      return readPipeline(ref).loaded.pipeline.stages.flatMap((s) =>
        s.actions
          .filter((a) => a.actionTypeId?.provider === 'CodeBuild' && typeof a.configuration?.ProjectName === 'string')
          .map((a) => String(a.configuration!.ProjectName)),
      );
    } catch {
      return [];
    }
  });
}

export function inventory(lintResult: LintResult, cwd: string): CheckItem[] {
  const files = lintResult.files.filter((f) => KINDS.has(f.kind));
  const pipelineFiles = files.filter((f) => f.kind === 'pipeline' || f.kind === 'template');
  const namedBy = new Map<string, string[]>();
  for (const p of pipelineFiles) {
    for (const name of projectNamesOf({ kind: p.kind as CheckItemKind, abs: resolve(cwd, p.file) }))
      namedBy.set(name, [...(namedBy.get(name) ?? []), p.file]);
  }
  return files.map((f) => {
    const abs = resolve(cwd, f.file);
    const item: CheckItem = { kind: f.kind as CheckItemKind, file: f.file, abs, dependsOn: [] };
    if (f.kind !== 'buildspec') return item;
    const links = lintResult.links?.[f.file] ?? [];
    const link = links[0];
    const src = sourceOf(abs, link);
    item.sourceRoot = src.sourceRoot;
    item.buildspec = src.buildspec;
    if (link) {
      item.project = link.project;
      item.projectWhere = link.where;
    }
    item.pipelineRun = links.some((l) => namedBy.has(l.project.name));
    const deps = links.flatMap((l) => [fileOf(l.where), ...(namedBy.get(l.project.name) ?? [])]);
    item.dependsOn = [...new Set(deps)].filter((d) => d !== f.file);
    return item;
  });
}

/** The source root relative to `cwd` (`''` when it is cwd itself), for matching changed paths. */
export function sourceRootRel(item: CheckItem, cwd: string): string | undefined {
  if (!item.sourceRoot) return undefined;
  const rel = toSlash(relative(cwd, item.sourceRoot));
  return rel.startsWith('..') ? undefined : rel;
}
