/**
 * Deploy/CodeDeploy through the engine without Docker (docs/deploy.md): what fails before any
 * container is needed — an undeclared deployment group, an appspec with errors, a link out of the
 * revision — fails the action with codelocal's own code and a precise message.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDeployServerProvider } from '../../../src/engine/pipeline/actions/codedeploy-server.js';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { SOURCE, fakes, pipelineOf, project, run } from './helpers.js';

const CODEDEPLOY = { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' };

/** A source whose output is the revision `files` (overriding the fake source of helpers.ts). */
function revisionSource(files: Record<string, string>, link?: [string, string]): ActionProvider {
  return {
    types: [SOURCE],
    async run(ctx) {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(ctx.outputs[0]!.dir, name), text);
      if (link) symlinkSync(link[1], join(ctx.outputs[0]!.dir, link[0]));
      return { status: 'Succeeded', revision: { revisionId: 'r1' } };
    },
  };
}

async function deploy(files: Record<string, string>, config: string, link?: [string, string]) {
  const p = project(
    pipelineOf([
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Web',
            actionTypeId: CODEDEPLOY,
            configuration: { ApplicationName: 'shop', DeploymentGroupName: 'web' },
            inputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
    ]),
  );
  writeFileSync(join(p.dir, 'codelocal.yml'), config);
  const f = fakes();
  f.registry.register(revisionSource(files, link));
  f.registry.register(codeDeployServerProvider);
  const r = await run(p, f);
  const d = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Web')!;
  return {
    status: d.status,
    code: d.output.executionResult.errorDetails?.code,
    summary: d.output.executionResult.externalExecutionSummary,
  };
}

const GROUP = 'codedeploy:\n  deploymentGroups:\n    shop/web: { instances: 2 }\n';

describe('Deploy/CodeDeploy through the engine, before any container', () => {
  it('an undeclared deployment group fails the action and names the codelocal.yml key to add', async () => {
    const r = await deploy({ 'appspec.yml': 'version: 0.0\nos: linux\n' }, 'codedeploy:\n');
    expect(r).toMatchObject({ status: 'Failed', code: 'CODEDEPLOY_GROUP_NOT_DECLARED' });
    expect(r.summary).toContain('No Deployment Group found for name: web');
    expect(r.summary).toContain('codedeploy.deploymentGroups.shop/web');
  });

  it('an appspec error fails the action with the revision file:line:column', async () => {
    const r = await deploy({ 'appspec.yml': 'version: 0.0\nos: linux\nhooks:\n  AfterInstal: []\n' }, GROUP);
    expect(r).toMatchObject({ status: 'Failed', code: 'CODEDEPLOY_APPSPEC_INVALID' });
    expect(r.summary).toMatch(/^SourceOutput\/appspec.yml:4:3: "AfterInstal" is not a lifecycle event/);
  });

  it('a link leading out of the revision is refused', async () => {
    const r = await deploy({ 'appspec.yml': 'version: 0.0\nos: linux\n' }, GROUP, ['hosts', '/etc/hosts']);
    expect(r).toMatchObject({ status: 'Failed', code: 'CODEDEPLOY_REVISION_LINK' });
  });
});
