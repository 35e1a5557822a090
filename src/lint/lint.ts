/**
 * `codelocal lint`: find the files, classify them by content, check definitions (pipelines, templates,
 * projects) first so buildspecs can be linked to the projects that run them, then apply disable
 * comments and the project's rule settings. Nothing here starts a container or touches the network.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { type LoadedPipelineResult, parseYaml, type TemplateOptions } from '../model/index.js';
import { findProjectRoot } from '../workspace/index.js';
import { classify } from './classify.js';
import { isDisabled, readDirectives, type Directives } from './directives.js';
import { discover } from './discover.js';
import { lintBuildspec } from './lint-buildspec.js';
import { lintInlineBuildspecs } from './inline-buildspecs.js';
import { lintPipelineFile, lintProjectsFile, lintTemplate, type DefinitionResult } from './lint-pipeline.js';
import { linkBuildspecs, type DefinedProject } from './links.js';
import { readSettings, type LintSettings } from './settings.js';
import type { FileKind, Finding, ProjectLink, Severity } from './types.js';
import { finding, yamlProblem } from './validator-map.js';

export interface LintOptions {
  /** Files or folders; default the current folder. */
  paths?: readonly string[];
  /** Folder paths are relative to, and output paths are shown relative to. Default process.cwd(). */
  cwd?: string;
  /** Use these settings instead of reading codelocal.yml (tests, API callers). */
  settings?: LintSettings;
}

export interface LintedFile {
  /** Relative to cwd, with `/` separators. */
  file: string;
  kind: FileKind;
}

export interface LintResult {
  files: LintedFile[];
  findings: Finding[];
  counts: Record<Severity, number>;
  /** Each buildspec (as `files` shows it) → the projects that run it; `codelocal check` builds with them. */
  links?: Record<string, ProjectLink[]>;
}

interface Source {
  path: string;
  raw: string;
  kind: FileKind;
  explicit: boolean;
}

function readSources(paths: readonly string[], cwd: string): Source[] {
  return discover(paths, cwd).flatMap((c) => {
    let raw: string;
    try {
      raw = readFileSync(c.path, 'utf8');
    } catch {
      return []; // vanished or unreadable between listing and reading
    }
    return [{ path: c.path, raw, kind: classify(c.path, raw), explicit: c.explicit }];
  });
}

function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' || rel.startsWith('..') ? path : rel).split(sep).join('/');
}

/** Disable comments, then the config's severities; exact duplicates (two loaders, one problem) once. */
function finalize(findings: Finding[], sources: readonly Source[], settings: LintSettings): Finding[] {
  // Every checked YAML file's directives, also where nothing is reported: a misspelt id must still show.
  const directives = new Map<string, Directives>();
  for (const src of sources) {
    if (src.kind === 'buildspec' || (src.kind === 'template' && !/\.json$/i.test(src.path)))
      directives.set(src.path, readDirectives(src.raw, src.path));
  }
  const seen = new Set<string>();
  const out: Finding[] = [];
  const configured = (f: Finding): Finding | undefined => {
    const setting = settings.rules.get(f.ruleId);
    if (setting === 'off') return undefined;
    return setting ? { ...f, severity: setting } : f;
  };
  for (const f of findings) {
    const d = directives.get(f.file);
    if (d && isDisabled(d, f)) continue;
    const key = `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const final = configured(f);
    if (final) out.push(final);
  }
  for (const d of directives.values()) {
    for (const f of d.problems) {
      const final = configured(f);
      if (final) out.push(final);
    }
  }
  return out;
}

export function lint(options: LintOptions = {}): LintResult {
  const cwd = resolve(options.cwd ?? process.cwd());
  const projectRoot = findProjectRoot(cwd);
  const settings = options.settings ?? readSettings(projectRoot);
  const templateOptions: TemplateOptions = {
    accountId: settings.accountId,
    region: settings.region,
    imports: settings.imports,
  };
  const sources = readSources(options.paths ?? [], cwd);
  const findings: Finding[] = [...settings.findings];
  const projects: DefinedProject[] = [];
  const pipelines: LoadedPipelineResult[] = [];
  const take = (src: Source, r: DefinitionResult) => {
    findings.push(...r.findings);
    pipelines.push(...r.pipelines);
    projects.push(...r.projects.map((project) => ({ project, file: src.path })));
  };
  for (const src of sources) {
    const policyFiles = settings.policyFiles ?? [];
    if (src.kind === 'template') take(src, lintTemplate(src.path, src.raw, templateOptions, policyFiles));
    else if (src.kind === 'pipeline') take(src, lintPipelineFile(src.path, src.raw, templateOptions, policyFiles));
    else if (src.kind === 'projects') take(src, lintProjectsFile(src.path, src.raw, templateOptions));
    else if (src.kind === 'other' && src.explicit) findings.push(...unrecognized(src));
  }
  // Projects listed in codelocal.yml but outside the linted paths still tell how buildspecs run.
  const linted = new Set(sources.map((s) => s.path));
  for (const file of settings.projectFiles.filter((f) => !linted.has(f))) {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const r =
      classify(file, raw) === 'template'
        ? lintTemplate(file, raw, templateOptions)
        : lintProjectsFile(file, raw, templateOptions);
    projects.push(...r.projects.map((project) => ({ project, file })));
  }
  const buildspecs = sources.filter((s) => s.kind === 'buildspec');
  const links = linkBuildspecs(
    buildspecs.map((s) => s.path),
    projects,
    pipelines,
    projectRoot,
    (p) => display(cwd, p),
  );
  for (const src of buildspecs)
    findings.push(...lintBuildspec(src.path, src.raw, links.get(src.path) ?? [], { accountId: settings.accountId }));
  findings.push(
    ...lintInlineBuildspecs(projects, pipelines, {
      linted,
      display: (p) => display(cwd, p),
      accountId: settings.accountId,
    }),
  );

  // Loaders are given absolute paths and some name the file in their messages: show it as the user does.
  const shown = [...new Set([...sources.map((s) => s.path), ...settings.projectFiles, ...(settings.policyFiles ?? [])])]
    .filter((p) => display(cwd, p) !== p)
    .sort((a, b) => b.length - a.length);
  const final = finalize(findings, sources, settings)
    .map((f) => ({
      ...f,
      file: display(cwd, f.file),
      message: shown.reduce((m, p) => (m.includes(p) ? m.split(p).join(display(cwd, p)) : m), f.message),
    }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of final) counts[f.severity]++;
  return {
    files: sources.filter((s) => s.kind !== 'other').map((s) => ({ file: display(cwd, s.path), kind: s.kind })),
    findings: final,
    counts,
    links: Object.fromEntries([...links].map(([path, list]) => [display(cwd, path), list])),
  };
}

/**
 * A named file lint cannot classify: a YAML/JSON syntax error is why, more often than not (a broken
 * file hides the keys that tell what it is), so that is reported as what it is.
 */
function unrecognized(src: Source): Finding[] {
  const syntax = parseYaml(src.raw, src.path, { version: '1.1', duplicateKeys: 'last-wins' }).errors.map((e) =>
    yamlProblem(e, src.path),
  );
  if (syntax.length > 0) return syntax;
  return [
    finding(
      'unrecognized-file',
      'not a buildspec, pipeline, CloudFormation template or CodeBuild project file',
      undefined,
      src.path,
    ),
  ];
}
