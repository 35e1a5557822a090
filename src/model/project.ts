/**
 * Loads CodeBuild projects (project-types.ts) from `aws codebuild batch-get-projects` JSON
 * (`{projects:[...]}`), a single project object, or AWS::CodeBuild::Project resources of a template
 * (docs/aws/codepipeline.md §6.2). Template properties are PascalCase; they are converted to the API shape first
 * so one normaliser serves both.
 */
import { isMap } from 'yaml';
import { InputError, ValidationError, type SourcePosition } from '../errors.js';
import type { CodeBuildProject } from './project-types.js';
import { camelCaseKeys } from './cfn-keys.js';
import { loadTemplate, type TemplateOptions } from './cloudformation.js';
import { isNotEvaluated } from './not-evaluated.js';
import { normalizeProject, PROJECT_INVALID } from './project-normalize.js';
import { suggestionSuffix } from './suggest.js';
import { mapEntries, parseYaml, positionOf, readTextFile, type YamlPath } from './yaml-source.js';

export { classifyBuildspecRef, type BuildspecRef } from './project-normalize.js';

export const PROJECT_NOT_FOUND = 'PROJECT_NOT_FOUND';
const CODEBUILD_PROJECT = 'AWS::CodeBuild::Project';

export interface ProjectLoadOptions extends TemplateOptions {
  /** Which project of a batch-get-projects file (by name) or template (by Name or logical id). */
  name?: string;
}

/** `file#LogicalId` -> { file, logicalId }; a `#` is only a separator when something follows it. */
export function splitProjectRef(ref: string): { file: string; logicalId?: string } {
  const hash = ref.lastIndexOf('#');
  if (hash <= 0 || hash === ref.length - 1) return { file: ref };
  return { file: ref.slice(0, hash), logicalId: ref.slice(hash + 1) };
}

type FileKind = 'template' | 'api';

function detectKind(
  text: string,
  file: string,
): { kind: FileKind; data?: unknown; pos: (p: YamlPath) => SourcePosition | undefined } {
  // Project JSON goes through the AWS CLI and templates through CloudFormation: both keep the last key.
  const parsed = parseYaml(text, file, { version: '1.1', duplicateKeys: 'last-wins' });
  if (parsed.errors.length > 0) throw new ValidationError(parsed.errors);
  const root = parsed.source.doc.contents;
  const keys = isMap(root) ? mapEntries(parsed.source, root).map((e) => e.key) : [];
  const pos = (p: YamlPath) => positionOf(parsed.source, p);
  if (keys.includes('Resources') || keys.includes('AWSTemplateFormatVersion')) return { kind: 'template', pos };
  return { kind: 'api', data: parsed.source.doc.toJS({ maxAliasCount: -1 }), pos }; // bounded by yaml-limits.ts
}

/** Raw API-shaped project objects of a batch-get-projects / create-project / single-project file. */
function apiProjects(data: unknown, file: string): { raw: any; path: YamlPath }[] {
  const obj = data as any;
  if (obj && Array.isArray(obj.projects))
    return obj.projects.map((raw: unknown, i: number) => ({ raw, path: ['projects', i] }));
  if (obj && typeof obj.project === 'object' && obj.project) return [{ raw: obj.project, path: ['project'] }];
  if (obj && typeof obj === 'object' && typeof obj.name === 'string') return [{ raw: obj, path: [] }];
  throw new InputError(
    PROJECT_INVALID,
    `${file} is neither a CloudFormation template nor CodeBuild project JSON ({"projects": [...]} or a project object)`,
    { position: { file, line: 1, column: 1 } },
  );
}

function fromTemplate(file: string, options: TemplateOptions): Map<string, CodeBuildProject> {
  const template = loadTemplate(file, options);
  const out = new Map<string, CodeBuildProject>();
  const problems: InputError[] = [];
  for (const res of template.resources.values()) {
    if (res.type !== CODEBUILD_PROJECT) continue;
    const raw = camelCaseKeys(res.properties);
    // CloudFormation names the inline buildspec `BuildSpec`; the API calls it `buildspec`.
    for (const s of [raw.source, ...(Array.isArray(raw.secondarySources) ? raw.secondarySources : [])]) {
      if (s && typeof s === 'object' && 'buildSpec' in s) {
        s.buildspec = s.buildSpec;
        delete s.buildSpec;
      }
    }
    // An unknown Name (an import, a dynamic reference) is the logical id locally, as a `!Ref` to it gives
    // (src/model/cloudformation.ts localNames; docs/fidelity.md, issue 11).
    if (raw.name === undefined || isNotEvaluated(raw.name)) raw.name = res.logicalId;
    // Property paths are the same in both cases apart from the first letter, which positionOf ignores
    // for PascalCase lookups: map camelCase steps back to the template keys.
    const pos = (p: YamlPath) => res.positionOf(p.map((s) => (typeof s === 'string' ? pascal(s) : s)));
    const project = normalizeProject(
      raw,
      // The position names the file as the user gave it; the label needs only the logical id.
      { file, definedIn: `${file}#${res.logicalId}`, pos, stack: template.stack, label: `resource ${res.logicalId}` },
      problems,
    );
    if (project) out.set(res.logicalId, project);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return out;
}

function pascal(s: string): string {
  return s === 'buildspec' ? 'BuildSpec' : s.charAt(0).toUpperCase() + s.slice(1);
}

/** Every project of a file, by project name. */
export function loadProjects(file: string, options: TemplateOptions = {}): Map<string, CodeBuildProject> {
  const text = readTextFile(file, 'FILE_NOT_FOUND');
  const detected = detectKind(text, file);
  if (detected.kind === 'template') {
    return new Map([...fromTemplate(file, options).values()].map((p) => [p.name, p]));
  }
  const problems: InputError[] = [];
  const out = new Map<string, CodeBuildProject>();
  for (const { raw, path } of apiProjects(detected.data, file)) {
    const pos = (p: YamlPath) => detected.pos([...path, ...p]);
    const project = normalizeProject(raw, { file, definedIn: file, pos }, problems);
    if (project) out.set(project.name, project);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return out;
}

/**
 * One project from `file`, `file#LogicalId` or `file` + options.name. Without a selector the file must
 * define exactly one project.
 */
export function loadProject(ref: string, options: ProjectLoadOptions = {}): CodeBuildProject {
  const { file, logicalId } = splitProjectRef(ref);
  const text = readTextFile(file, 'FILE_NOT_FOUND');
  const wanted = logicalId ?? options.name;
  const candidates =
    detectKind(text, file).kind === 'template' ? fromTemplate(file, options) : loadProjects(file, options);
  if (wanted !== undefined) {
    const hit = candidates.get(wanted) ?? [...candidates.values()].find((p) => p.name === wanted);
    if (hit) return hit;
    const names = [...new Set([...candidates.keys(), ...[...candidates.values()].map((p) => p.name)])];
    throw new InputError(
      PROJECT_NOT_FOUND,
      `no CodeBuild project '${wanted}' in ${file} (found: ${names.join(', ') || 'none'})${suggestionSuffix(wanted, names)}`,
    );
  }
  if (candidates.size === 1) return [...candidates.values()][0]!;
  const names = [...candidates.keys()];
  throw new InputError(
    PROJECT_NOT_FOUND,
    candidates.size === 0
      ? `${file} defines no CodeBuild project`
      : `${file} defines ${candidates.size} CodeBuild projects (${names.join(', ')}); pick one with ${file}#<name>`,
  );
}
