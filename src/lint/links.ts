/**
 * Ties buildspec files to the CodeBuild projects that run them, so rules can use what the project
 * sets (privileged mode, environment variables). A project's buildspec path is relative to its source
 * root, which lint cannot know: the folder of the file defining the project and each folder above it
 * (up to the project root) are tried, nearest first. Inline and S3 buildspecs link to no file.
 */
import { dirname, join, resolve } from 'node:path';
import { classifyBuildspecRef, type CodeBuildProject, type LoadedPipelineResult } from '../model/index.js';
import type { ProjectLink } from './types.js';

export interface DefinedProject {
  project: CodeBuildProject;
  /** Absolute path of the file that defines it. */
  file: string;
}

/** Variable names CodeBuild actions pass to each project (configuration EnvironmentVariables JSON). */
export function pipelineVariables(pipelines: LoadedPipelineResult[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of pipelines) {
    for (const stage of p.pipeline.stages) {
      for (const action of stage.actions) {
        const cfg = action.configuration ?? {};
        if (action.actionTypeId?.provider !== 'CodeBuild' || typeof cfg.ProjectName !== 'string') continue;
        let names: string[] = [];
        try {
          const vars: unknown = JSON.parse(cfg.EnvironmentVariables ?? '[]');
          if (Array.isArray(vars)) names = vars.map((v: { name?: unknown }) => String(v?.name));
        } catch {
          // The pipeline validator reports malformed JSON; here it just defines nothing.
        }
        out.set(cfg.ProjectName, [...(out.get(cfg.ProjectName) ?? []), ...names]);
      }
    }
  }
  return out;
}

/** The buildspec path of the project's primary source (the only one CodeBuild reads), if it is a file. */
function buildspecPath(project: CodeBuildProject): string | undefined {
  const ref = classifyBuildspecRef(project.source.buildspec);
  return ref.kind === 'default' || ref.kind === 'path' ? ref.path : undefined;
}

/** Absolute buildspec path -> the projects running it. */
export function linkBuildspecs(
  buildspecs: readonly string[],
  projects: readonly DefinedProject[],
  pipelines: LoadedPipelineResult[],
  projectRoot: string,
  display: (path: string) => string = (p) => p,
): Map<string, ProjectLink[]> {
  const known = new Set(buildspecs);
  const vars = pipelineVariables(pipelines);
  const links = new Map<string, ProjectLink[]>();
  const root = resolve(projectRoot);
  const seen = new Set<string>();
  for (const { project, file } of projects) {
    const rel = buildspecPath(project);
    // The same template can be both linted and listed in codelocal.yml `projects`.
    const key = `${file}#${project.name}`;
    if (rel === undefined || seen.has(key)) continue;
    seen.add(key);
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const candidate = join(dir, rel);
      if (known.has(candidate)) {
        const list = links.get(candidate) ?? [];
        const where = (project.definedIn ?? file).replace(file, display(file));
        list.push({ project, where, pipelineVariables: vars.get(project.name) ?? [] });
        links.set(candidate, list);
        break;
      }
      if (dir === root || dirname(dir) === dir || !dir.startsWith(root)) break;
    }
  }
  return links;
}
