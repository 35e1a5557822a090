/**
 * Build/Test `CodeBuild` (docs/aws/codepipeline.md §2.2): runs the project's buildspec in a runner
 * container through the build engine. The project comes from the pipeline's template, `--projects`
 * files or config `projects:`; a project defined nowhere runs with defaults (buildspec.yml of the
 * primary source, image aws/codebuild/standard:7.0). The action's EnvironmentVariables are
 * start-build overrides (above project and buildspec); exported variables become its variables.
 */
import type { EnvironmentVariable, EnvironmentVariableType } from '../../../model/index.js';
import { defaultProject } from '../../../model/index.js';
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

async function run(ctx: ActionContext): Promise<ActionResult> {
  const c = ctx.configuration;
  const name = c.ProjectName!;
  const found = ctx.services.projects.get(name);
  const base = found ?? defaultProject(name);
  if (!found) ctx.log(`project ${name} is defined nowhere: running with defaults (image ${base.environment.image})`);
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
