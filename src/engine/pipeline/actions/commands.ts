/**
 * Compute `Commands` (docs/aws/codepipeline.md §2.3): the action's `commands` run as the build phase of a
 * generated buildspec in the default standard image, with `outputArtifacts[0].files` as the
 * artifact files and `outputVariables` as exported variables. Commands share one shell session,
 * like a buildspec phase (UNCERTAIN in AWS's docs; implied by their export examples).
 */
import { stringify } from 'yaml';
import { defaultProject, type EnvironmentVariable } from '../../../model/index.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';
import { runMappedBuild } from './build-inputs.js';

/** Commands builds time out at 55 minutes (UG:action-reference-Commands). */
const TIMEOUT_MINUTES = 55;

export function commandsBuildspec(ctx: Pick<ActionContext, 'commands' | 'outputs' | 'declaration'>): string {
  const exported = ctx.declaration.outputVariables ?? [];
  const files = ctx.outputs[0]?.files ?? (ctx.outputs.length > 0 ? ['**/*'] : undefined);
  return stringify({
    version: 0.2,
    ...(exported.length > 0 ? { env: { 'exported-variables': exported } } : {}),
    phases: { build: { commands: ctx.commands ?? [] } },
    ...(files ? { artifacts: { files } } : {}),
  });
}

function projectName(ctx: ActionContext): string {
  const n = `${ctx.pipelineName}-${ctx.actionName}`.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (n.length >= 2 ? n : `commands-${n}`).slice(0, 150);
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const envType = ctx.configuration.EnvironmentType ?? 'LINUX_CONTAINER';
  if (envType !== 'LINUX_CONTAINER') {
    return {
      status: 'Failed',
      summary: `EnvironmentType ${envType} cannot run locally: codelocal runs Linux containers only`,
    };
  }
  const env: EnvironmentVariable[] = (ctx.environmentVariables ?? []).map((e) => ({
    name: e.name,
    value: e.value,
    type: e.type === 'SECRETS_MANAGER' ? 'SECRETS_MANAGER' : 'PLAINTEXT',
  }));
  const base = defaultProject(projectName(ctx));
  return runMappedBuild(ctx, undefined, {
    project: {
      ...base,
      source: { type: 'CODEPIPELINE' },
      artifacts: { type: 'CODEPIPELINE' },
      environment: { ...base.environment, computeType: ctx.configuration.ComputeType ?? 'BUILD_GENERAL1_SMALL' },
      timeoutInMinutes: TIMEOUT_MINUTES,
    },
    buildspec: commandsBuildspec(ctx),
    envOverrides: env,
  });
}

export const commandsProvider: ActionProvider = {
  types: [{ category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }],
  run,
};
