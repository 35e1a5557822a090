/**
 * Build/Test `CodeBuild` (docs/aws/codepipeline.md §2.2): runs the project's buildspec in a runner
 * container through the build engine. The project comes from the pipeline's template, `--projects`
 * files or config `projects:`. A name missing from them fails the action, as on AWS; only when no
 * project is defined anywhere does it run with defaults (buildspec.yml of the primary source, image
 * aws/codebuild/standard:7.0), said once per run. The action's EnvironmentVariables are
 * start-build overrides (above project and buildspec); exported variables become its variables.
 */
import { defaultProject, type EnvironmentVariable, type EnvironmentVariableType } from '../../../model/index.js';
import { knownNames } from '../../../plan/index.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';
import { runMappedBuild } from './build-inputs.js';

const TYPES: readonly EnvironmentVariableType[] = ['PLAINTEXT', 'PARAMETER_STORE', 'SECRETS_MANAGER'];

/** The `EnvironmentVariables` JSON string (after variable resolution), or why it is invalid. */
export function parseActionEnvironment(text: string | undefined): EnvironmentVariable[] | string {
  if (text === undefined || text.trim() === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `EnvironmentVariables is not valid JSON: ${(e as Error).message}`;
  }
  if (!Array.isArray(data)) return 'EnvironmentVariables must be a JSON array of {"name","value","type"} objects';
  const out: EnvironmentVariable[] = [];
  for (const item of data as Record<string, unknown>[]) {
    const type = (item?.type ?? 'PLAINTEXT') as EnvironmentVariableType;
    if (typeof item?.name !== 'string' || typeof item.value !== 'string') {
      return 'each EnvironmentVariables entry needs a string "name" and "value"';
    }
    if (!TYPES.includes(type)) return `EnvironmentVariables ${item.name}: type must be one of ${TYPES.join(', ')}`;
    out.push({ name: item.name, value: item.value, type });
  }
  return out;
}

/** Runs (ActionServices objects) that already said they use default projects: said once, loudly. */
const toldDefaults = new WeakSet<object>();

/**
 * UNCERTAIN: AWS's exact text for a CodeBuild action whose project does not exist is not in our
 * notes (docs/aws/codepipeline.md §2.2 only says the project must exist); this wording is ours, in
 * the shape of CodeBuild's ResourceNotFoundException.
 */
export function missingProjectMessage(name: string, region: string, accountId: string, known: string): string {
  return (
    `Project cannot be found: arn:aws:codebuild:${region}:${accountId}:project/${name} ` +
    `(the projects given are: ${known}; define it in the template, a --projects file or codelocal.yml projects:)`
  );
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const c = ctx.configuration;
  const name = c.ProjectName!;
  const { projects, region, accountId } = ctx.services;
  const found = projects.get(name);
  if (!found && projects.size > 0) {
    return {
      status: 'Failed',
      summary: missingProjectMessage(name, region, accountId, knownNames(projects)),
      errorCode: 'PROJECT_NOT_FOUND',
    };
  }
  const base = found ?? defaultProject(name);
  if (!found) {
    const line = `project ${name} is defined nowhere: running with DEFAULTS (buildspec.yml, image ${base.environment.image}); no template project, --projects file or codelocal.yml projects: was given`;
    if (ctx.notice && !toldDefaults.has(ctx.services)) ctx.notice(line);
    else ctx.log(line);
    toldDefaults.add(ctx.services);
  }
  if (c.BatchEnabled?.toLowerCase() === 'true') {
    return { status: 'Failed', summary: 'BatchEnabled builds are not supported by codelocal pipelines yet' };
  }
  const env = parseActionEnvironment(c.EnvironmentVariables);
  if (typeof env === 'string') return { status: 'Failed', summary: env };
  // CodePipeline overrides the project's source and artifacts for pipeline builds (§2.2 item 4).
  const project = {
    ...base,
    source: { ...base.source, type: 'CODEPIPELINE' },
    artifacts: { ...base.artifacts, type: 'CODEPIPELINE' },
  };
  return runMappedBuild(ctx, c.PrimarySource, { project, envOverrides: env });
}

export const codeBuildProvider: ActionProvider = {
  types: [
    { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' },
  ],
  acceptsCloneRef: true,
  run,
};
