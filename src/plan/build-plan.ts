/**
 * What a build will do, computed without Docker: feeds `codelocal build --dry-run` and `--json`.
 * Pure: takes the parsed buildspec, the project and the merged variable table.
 */
import { type Buildspec, type CodeBuildProject, type OnFailure, PHASE_NAMES, PHASE_TYPES } from '../model/index.js';
import { windowsWarning } from './windows.js';

export interface PlannedVariable {
  name: string;
  /** The value, or the parameter/secret reference for those types (never the secret itself). */
  shown: string;
  source: 'predefined' | 'buildspec' | 'project' | 'override';
  type: 'PLAINTEXT' | 'PARAMETER_STORE' | 'SECRETS_MANAGER';
}

export interface BuildPlan {
  projectName: string;
  buildspec: string;
  version: string;
  image: { requested: string; local: string; rule?: string };
  privileged: boolean;
  shell: string;
  timeoutInMinutes: number;
  source: string;
  bind: boolean;
  variables: PlannedVariable[];
  runtimeVersions: Record<string, string>;
  phases: { phaseType: string; commands: string[]; finally: string[]; onFailure?: string; runAs?: string }[];
  artifacts: { identifier?: string; files: string[] }[];
  cachePaths: string[];
  reports: string[];
  warnings: string[];
}

function onFailureText(o: OnFailure | undefined): string | undefined {
  if (!o) return undefined;
  if (o.kind !== 'RETRY') return o.kind;
  return `RETRY-${o.count}${o.regex ? `-${o.regex}` : ''}`;
}

export function planBuildSteps(args: {
  buildspec: Buildspec;
  project: CodeBuildProject;
  image: BuildPlan['image'];
  privileged: boolean;
  timeoutInMinutes: number;
  source: string;
  bind: boolean;
  variables: PlannedVariable[];
  warnings: string[];
}): BuildPlan {
  const { buildspec } = args;
  const byName = new Map(buildspec.phases.map((p) => [p.name, p]));
  const install = byName.get('install');
  return {
    projectName: args.project.name,
    buildspec: buildspec.file,
    version: buildspec.version,
    image: args.image,
    privileged: args.privileged,
    shell: buildspec.env.shell ?? 'sh',
    timeoutInMinutes: args.timeoutInMinutes,
    source: args.source,
    bind: args.bind,
    variables: args.variables.filter((v) => v.source !== 'predefined'),
    runtimeVersions: Object.fromEntries(Object.entries(install?.runtimeVersions ?? {}).map(([k, v]) => [k, v.value])),
    // Every phase is entered even when the buildspec omits it (docs/aws/codebuild.md §2.4).
    phases: PHASE_NAMES.map((name) => {
      const p = byName.get(name);
      return {
        phaseType: PHASE_TYPES[name],
        commands: p?.commands.map((c) => c.text) ?? [],
        finally: p?.finally.map((c) => c.text) ?? [],
        onFailure: onFailureText(p?.onFailure),
        runAs: p?.runAs ?? buildspec.runAs,
      };
    }),
    artifacts: [...(buildspec.artifacts ? [buildspec.artifacts] : []), ...buildspec.secondaryArtifacts].map((a) => ({
      identifier: a.identifier,
      files: a.files.map((f) => f.value),
    })),
    cachePaths: buildspec.cache?.paths ?? [],
    reports: buildspec.reports.map((r) => r.name),
    warnings: [...args.warnings, ...[windowsWarning(buildspec, args.project)].filter((w) => w !== undefined)],
  };
}
