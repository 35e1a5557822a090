/**
 * Link attacks through the pipeline's actions (issue 17, docs/security.md), without Docker: a
 * hostile source puts links to host files and folders in its artifact (what a build with
 * `enable-symlinks: yes` or a crafted source zip does), the artifact travels as a zip through the
 * real engine, and every consumer that unpacks, reads, copies or uploads it is run. The host
 * secret must appear in no output: not in the bucket, the artifact store, stack records or history.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudFormationProvider } from '../../../src/engine/pipeline/actions/cloudformation.js';
import { codeDeployToEcsProvider } from '../../../src/engine/pipeline/actions/codedeploy-ecs.js';
import { ecsDeployProvider } from '../../../src/engine/pipeline/actions/ecs-deploy.js';
import { s3DeployProvider } from '../../../src/engine/pipeline/actions/s3-deploy.js';
import { ProviderRegistry } from '../../../src/engine/pipeline/registry.js';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { CFN, S3_DEPLOY, pipeline, project, run } from '../deploy-actions/helpers.js';
import { SOURCE } from '../pipeline-engine/helpers.js';
import { findMarker, HOST_PASSWD_LINE, hostileLinks, hostSecret, type HostSecret } from './attack-helpers.js';

const ECS = { category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' };
const CODEDEPLOY_ECS = { category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' };

/** A source whose artifact holds honest files and, under the names consumers read, hostile links. */
function hostileSource(h: HostSecret, named: Record<string, string>): ActionProvider {
  return {
    types: [SOURCE],
    async run(ctx) {
      const out = ctx.outputs[0]!.dir;
      writeFileSync(join(out, 'index.html'), '<h1>hi</h1>');
      for (const [name, target] of Object.entries({ ...hostileLinks(h), ...named })) {
        mkdirSync(dirname(join(out, name)), { recursive: true });
        symlinkSync(target, join(out, name));
      }
      return { status: 'Succeeded', revision: { revisionId: 'rev-1' } };
    },
  };
}

function registryFor(source: ActionProvider) {
  return {
    registry: new ProviderRegistry([
      source,
      s3DeployProvider,
      cloudFormationProvider,
      ecsDeployProvider,
      codeDeployToEcsProvider,
    ]),
    calls: new Map<string, number>(),
  };
}

function withDeploy(action: Record<string, unknown>) {
  return pipeline(
    [
      {
        name: 'Src',
        actionTypeId: SOURCE,
        configuration: { S3Bucket: 'b', S3ObjectKey: 'src.zip' },
        outputArtifacts: [{ name: 'Art' }],
      },
    ],
    [{ name: 'Deploy', actions: [{ name: 'Target', inputArtifacts: [{ name: 'Art' }], ...action }] }],
  );
}

async function attack(h: HostSecret, named: Record<string, string>, action: Record<string, unknown>) {
  const p = project(withDeploy(action));
  mkdirSync(join(p.state, 's3', 'www'), { recursive: true });
  const r = await run(p, registryFor(hostileSource(h, named)));
  const target = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Target')!;
  const hits = await findMarker(p.dir, [h.marker, HOST_PASSWD_LINE]);
  return { r, target, hits, p };
}

describe('attack: hostile links in an artifact, through every consuming action', () => {
  const h = hostSecret();

  it('S3 Deploy with Extract: true uploads the honest files only and skips every link out', async () => {
    const { target, hits, r } = await attack(
      h,
      { 'shadow.txt': h.file, 'passwd.txt': '/etc/passwd' },
      { actionTypeId: S3_DEPLOY, configuration: { BucketName: 'www', Extract: 'true' } },
    );
    expect(r.execution.status).toBe('Succeeded');
    expect(target.status).toBe('Succeeded');
    expect(target.output?.executionResult?.externalExecutionSummary ?? '').toMatch(/^1 object/);
    expect(hits).toEqual([]);
  });

  it('S3 Deploy with Extract: false copies the zip as stored: links stay links, no target is read', async () => {
    const { target, hits } = await attack(
      h,
      {},
      { actionTypeId: S3_DEPLOY, configuration: { BucketName: 'www', Extract: 'false', ObjectKey: 'a.zip' } },
    );
    expect(target.status).toBe('Succeeded');
    expect(hits).toEqual([]);
  });

  it('CloudFormation refuses a TemplatePath that is a link out of the artifact', async () => {
    const { target, hits } = await attack(
      h,
      { 'template.yml': h.file },
      {
        actionTypeId: CFN,
        configuration: {
          ActionMode: 'CREATE_UPDATE',
          StackName: 's',
          TemplatePath: 'Art::template.yml',
          RoleArn: 'arn:aws:iam::123456789012:role/cfn',
        },
      },
    );
    expect(target.status).toBe('Failed');
    expect(JSON.stringify(target)).toMatch(/symbolic link leads outside/);
    expect(hits).toEqual([]);
  });

  it('CloudFormation refuses TemplateConfiguration and Fn::GetParam files that link out, and ../ paths', async () => {
    for (const configuration of [
      { TemplateConfiguration: 'Art::config.json' },
      { ParameterOverrides: JSON.stringify({ P: { 'Fn::GetParam': ['Art', 'params.json', 'P'] } }) },
      { ParameterOverrides: JSON.stringify({ P: { 'Fn::GetParam': ['Art', `../../../..${h.file}`, 'P'] } }) },
      { TemplateConfiguration: 'Art::dir-link/passwd' },
    ]) {
      const { target, hits } = await attack(
        h,
        { 'config.json': h.file, 'params.json': '/etc/passwd', 'template.yml': 'index.html' },
        {
          actionTypeId: CFN,
          configuration: {
            ActionMode: 'CREATE_UPDATE',
            StackName: 's',
            TemplatePath: 'Art::template.yml',
            RoleArn: 'arn:aws:iam::123456789012:role/cfn',
            ...configuration,
          },
        },
      );
      expect(target.status, JSON.stringify(configuration)).toBe('Failed');
      expect(JSON.stringify(target)).toMatch(/refusing to read/);
      expect(hits).toEqual([]);
    }
  });

  it('ECS refuses an imagedefinitions.json that is a link out of the artifact', async () => {
    const { target, hits } = await attack(
      h,
      { 'imagedefinitions.json': h.file },
      { actionTypeId: ECS, configuration: { ClusterName: 'c', ServiceName: 's' } },
    );
    expect(target.status).toBe('Failed');
    expect(JSON.stringify(target)).toMatch(/symbolic link leads outside/);
    expect(hits).toEqual([]);
  });

  it('CodeDeployToECS refuses a task definition or AppSpec that is a link out of the artifact', async () => {
    const { target, hits } = await attack(
      h,
      { 'taskdef.json': h.file, 'appspec.yaml': 'chain-1.txt' },
      {
        actionTypeId: CODEDEPLOY_ECS,
        configuration: {
          ApplicationName: 'a',
          DeploymentGroupName: 'g',
          TaskDefinitionTemplateArtifact: 'Art',
          AppSpecTemplateArtifact: 'Art',
        },
      },
    );
    expect(JSON.stringify(target)).toMatch(/refusing to read/);
    expect(target.status).toBe('Failed');
    expect(hits).toEqual([]);
  });
});
