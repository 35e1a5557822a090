/**
 * The build's environment variables: predefined CodeBuild variables (docs/aws/codebuild.md §3), then the
 * buildspec's `env`, then the project's, then start-build overrides (`--env`, CodePipeline action
 * EnvironmentVariables). Later layers win (docs/aws/codebuild.md §1.5: StartBuild override > project >
 * buildspec). Names starting with CODEBUILD_ are reserved: user layers may not set them.
 */
import { InputError } from '../../errors.js';
import {
  notEvaluatedMessage,
  VALUE_NOT_EVALUATED,
  type Buildspec,
  type EnvironmentVariable,
  type EnvironmentVariableType,
} from '../../model/index.js';

export type EnvSource = 'predefined' | 'buildspec' | 'project' | 'override';

export interface EnvEntry {
  name: string;
  /** For PARAMETER_STORE / SECRETS_MANAGER: the parameter name or secret reference, until resolved. */
  value: string;
  type: EnvironmentVariableType;
  source: EnvSource;
}

export interface MergedEnvironment {
  entries: Map<string, EnvEntry>;
  warnings: string[];
}

export function mergeEnvironment(
  predefined: Record<string, string>,
  buildspec: Buildspec,
  project: EnvironmentVariable[],
  overrides: EnvironmentVariable[],
): MergedEnvironment {
  const entries = new Map<string, EnvEntry>();
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(predefined))
    entries.set(name, { name, value, type: 'PLAINTEXT', source: 'predefined' });
  const put = (name: string, value: string, type: EnvironmentVariableType, source: EnvSource) => {
    if (name.startsWith('CODEBUILD_') && entries.get(name)?.source === 'predefined') {
      warnings.push(
        `Variable ${name} is reserved by CodeBuild (names starting with CODEBUILD_); the ${source} value is ignored`,
      );
      return;
    }
    entries.set(name, { name, value, type, source });
  };
  for (const [k, v] of Object.entries(buildspec.env.variables)) put(k, v, 'PLAINTEXT', 'buildspec');
  for (const [k, v] of Object.entries(buildspec.env.parameterStore)) put(k, v, 'PARAMETER_STORE', 'buildspec');
  for (const [k, v] of Object.entries(buildspec.env.secretsManager)) put(k, v, 'SECRETS_MANAGER', 'buildspec');
  for (const e of project) put(e.name, e.value, e.type, 'project');
  for (const e of overrides) put(e.name, e.value, e.type, 'override');
  return { entries, warnings };
}

/** Parses `NAME=VALUE` (the local agent's -e file and `--env` flags): no quote handling (docs/aws/codebuild.md §5.1). */
export function parseEnvAssignment(text: string): { name: string; value: string } | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  return { name: text.slice(0, eq).trim(), value: text.slice(eq + 1) };
}

/**
 * The local agent's `-e FILE` format (docs/aws/codebuild.md §5.1): one `VAR=VAL` per line, `#` comments and
 * blank lines ignored, quotes kept as part of the value.
 */
export function parseEnvFile(text: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!raw.trim() || raw.trimStart().startsWith('#')) continue;
    const a = parseEnvAssignment(raw);
    if (a) out.push(a);
  }
  return out;
}

/**
 * A project variable whose value the template computes and codelocal cannot (an import, a dynamic reference)
 * stops the build before its container starts, unless a start-build override gives the name a value
 * (docs/fidelity.md, issue 11): never a placeholder in its place.
 */
export function refuseUnknownVariables(
  projectName: string,
  project: EnvironmentVariable[],
  overrides: EnvironmentVariable[],
): void {
  const last = new Map(project.map((v) => [v.name, v]));
  for (const o of overrides) last.delete(o.name);
  const unknown = [...last.values()].filter((v) => v.notEvaluated);
  if (unknown.length === 0) return;
  throw new InputError(
    VALUE_NOT_EVALUATED,
    unknown
      .map((v) =>
        notEvaluatedMessage(
          `environment variable ${v.name} of project ${projectName}`,
          v.notEvaluated!,
          `, or override it when the build starts (build --env ${v.name}=VALUE; in a pipeline, the CodeBuild action's EnvironmentVariables)`,
        ),
      )
      .join('; '),
  );
}
