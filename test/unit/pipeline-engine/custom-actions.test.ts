/**
 * Custom action types (docs/aws/codepipeline.md §2.7, docs/pipeline.md "Custom action types"): one
 * the template declares is an action type of its pipeline, checked like a registered one; one declared
 * elsewhere is accepted with codelocal's own warning, never AWS's "not available in region" text;
 * neither runs locally (a job worker polls for it in AWS), so the run fails that action with
 * ACTION_NOT_EMULATED after the stages before it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePipelineFile, planPipelineFile } from '../../../src/api/pipeline-plan.js';
import { buildAction, fakes, pipelineOf, project, run } from './helpers.js';

const CUSTOM_DEPLOY = { category: 'Deploy', owner: 'Custom', provider: 'TeamDeployer', version: '2' };

function customDeployPipeline(configuration: Record<string, string> = { Target: 'prod' }) {
  return pipelineOf([
    { name: 'Build', actions: [buildAction('Build', 'ok', { outputArtifacts: [{ name: 'App' }] })] },
    {
      name: 'Deploy',
      actions: [{ name: 'Ship', actionTypeId: CUSTOM_DEPLOY, configuration, inputArtifacts: [{ name: 'App' }] }],
    },
  ]);
}

/** The same pipeline as a template that declares the custom type itself. */
function templateWithCustomType(shipConfiguration: string): string {
  return `Resources:
  DeployerType:
    Type: AWS::CodePipeline::CustomActionType
    Properties:
      Category: Deploy
      Provider: TeamDeployer
      Version: '2'
      InputArtifactDetails: { MinimumCount: 1, MaximumCount: 1 }
      OutputArtifactDetails: { MinimumCount: 0, MaximumCount: 0 }
      ConfigurationProperties:
        - { Name: Target, Key: true, Required: true, Secret: false }
        - { Name: Token, Key: false, Required: false, Secret: true }
  Pipe:
    Type: AWS::CodePipeline::Pipeline
    DependsOn: DeployerType
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/pipe
      ArtifactStore: { Type: S3, Location: team-artifacts }
      Stages:
        - Name: Source
          Actions:
            - Name: Src
              ActionTypeId: { Category: Source, Owner: AWS, Provider: S3, Version: '1' }
              Configuration: { S3Bucket: team-src, S3ObjectKey: src.zip }
              OutputArtifacts: [ { Name: App } ]
        - Name: Deploy
          Actions:
            - Name: Ship
              ActionTypeId: { Category: Deploy, Owner: Custom, Provider: TeamDeployer, Version: '2' }
              Configuration: ${shipConfiguration}
              InputArtifacts: [ { Name: App } ]
`;
}

function templateProject(shipConfiguration: string) {
  const p = project({});
  const file = join(p.dir, 'pipeline.yaml');
  writeFileSync(file, templateWithCustomType(shipConfiguration));
  return { ...p, file };
}

describe('custom action types (docs/aws/codepipeline.md §2.7)', () => {
  it('a type the template declares is known: validate passes, plan says it cannot run locally', () => {
    const p = templateProject('{ Target: prod }');
    const report = validatePipelineFile(p.file);
    expect(report.errors.map((e) => e.message)).toEqual([]);
    expect(report.warnings.map((w) => w.code)).not.toContain('PIPELINE_CUSTOM_ACTION_TYPE');
    const plan = planPipelineFile(p.file, { cwd: p.dir, stateDir: p.state });
    const ship = plan.stages[1]!.groups[0]!.actions[0]!;
    expect(ship.emulated).toBe(false);
    expect(ship.local).toContain('custom action, done in AWS by a job worker');
  });

  it('a declared type is checked as CreatePipeline checks it: required configuration and artifact counts', () => {
    const p = templateProject('{ Token: abc }');
    const messages = validatePipelineFile(p.file).errors.map((e) => e.message);
    expect(messages).toContain("Action configuration for action 'Ship' is missing required configuration 'Target'");
    const counts = templateProject('{ Target: prod }');
    writeFileSync(
      counts.file,
      templateWithCustomType('{ Target: prod }').replace('MinimumCount: 1,', 'MinimumCount: 2,'),
    );
    expect(
      validatePipelineFile(counts.file)
        .errors.map((e) => e.message)
        .join('\n'),
    ).toContain('declares 1 input artifacts which is less than the minimum count (2)');
  });

  it('a type registered elsewhere is accepted with codelocal’s warning, not AWS’s "not available" text', () => {
    const p = project(customDeployPipeline());
    const report = validatePipelineFile(p.file);
    expect(report.valid).toBe(true);
    const warning = report.warnings.find((w) => w.code === 'PIPELINE_CUSTOM_ACTION_TYPE');
    expect(warning?.message).toContain('Deploy/Custom/TeamDeployer/2');
    expect(warning?.message).not.toContain('not available in region');
  });

  it('AWS-owned types AWS does not know keep AWS’s text', () => {
    const pipeline = customDeployPipeline();
    const p = project({ ...pipeline, stages: pipeline.stages.map(ownedByAws) });
    const messages = validatePipelineFile(p.file).errors.map((e) => e.message);
    expect(messages.join('\n')).toContain("Owner: 'AWS', Version: '2') in action 'Ship' is not available in region");
  });

  it('the run fails the custom action with ACTION_NOT_EMULATED after the stages before it', async () => {
    const p = project(customDeployPipeline());
    const r = await run(p, fakes());
    const stages = Object.fromEntries(r.execution.codelocal.stages.map((s) => [s.name, s.status]));
    expect(stages).toMatchObject({ Source: 'Succeeded', Build: 'Succeeded', Deploy: 'Failed' });
    const ship = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Ship')!;
    expect(ship.output.executionResult.errorDetails?.code).toBe('ACTION_NOT_EMULATED');
    expect(ship.output.executionResult.externalExecutionSummary).toContain('job worker');
    expect(ship.output.executionResult.externalExecutionSummary).toContain('--skip Deploy.Ship');
  });
});

function ownedByAws(value: unknown) {
  const stage = value as { actions: { actionTypeId: { owner: string } }[] };
  return {
    ...stage,
    actions: stage.actions.map((a) =>
      a.actionTypeId.owner === 'Custom' ? { ...a, actionTypeId: { ...a.actionTypeId, owner: 'AWS' } } : a,
    ),
  };
}
