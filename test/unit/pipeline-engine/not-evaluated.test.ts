/**
 * Values CloudFormation computes and codelocal cannot (issue 11): `Fn::Transform` (AWS::Include) is
 * unknown, not wrong. The template loads, the validators accept it for any scalar, what is built from
 * it is unknown too, the plan says the action cannot run, and a run fails only that action, with
 * VALUE_NOT_EVALUATED. A whole structure that is unknown cannot be checked: said the same way.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planPipelineFile, validatePipelineFile } from '../../../src/api/pipeline-plan.js';
import { parseTemplate } from '../../../src/model/cloudformation.js';
import { isNotEvaluated } from '../../../src/model/not-evaluated.js';
import { fakes, run } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const INCLUDE = (file: string) =>
  `Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://snippets/${file} } }`;

function template(roleArn: string, projectName: string): string {
  return `Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: { ${roleArn} }
      ArtifactStore: { Type: S3, Location: artifacts }
      Stages:
        - Name: Source
          Actions:
            - Name: Src
              ActionTypeId: { Category: Source, Owner: AWS, Provider: S3, Version: '1' }
              Configuration: { S3Bucket: b, S3ObjectKey: k.zip }
              OutputArtifacts: [{ Name: SourceOutput }]
        - Name: Build
          Actions:
            - Name: Build
              ActionTypeId: { Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1' }
              Configuration: { ProjectName: ${projectName} }
              InputArtifacts: [{ Name: SourceOutput }]
`;
}

function write(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-transform-'));
  dirs.push(dir);
  const state = join(dir, 'state');
  mkdirSync(state);
  const file = join(dir, 'template.yaml');
  writeFileSync(file, text);
  return { dir, state, file };
}

describe('Fn::Transform is an unknown value, not a wrong one (issue 11)', () => {
  it('a role ARN from AWS::Include validates, with a warning where the transform is', () => {
    const p = write(template(INCLUDE('role.yaml'), 'ok'));
    const report = validatePipelineFile(p.file);
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.message).join('\n')).toContain(
      'Fn::Transform (AWS::Include) is not evaluated locally',
    );
  });

  it('what is built from it (!Sub, !Join) is unknown too, not a type error', () => {
    const t = parseTemplate(
      `Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub ['x-\${S}', { S: { ${INCLUDE('s.yaml')} } }]\n      DisplayName: !Join ['-', [a, { ${INCLUDE('d.yaml')} }]]\n`,
      't.yaml',
    );
    const props = t.resources.get('T')!.properties as Record<string, unknown>;
    expect(isNotEvaluated(props.TopicName)).toBe(true);
    expect(isNotEvaluated(props.DisplayName)).toBe(true);
    expect(String(props.TopicName)).toBe('<not evaluated locally: Fn::Transform AWS::Include>');
  });

  it('the plan says the action cannot run; running fails only that action with VALUE_NOT_EVALUATED', async () => {
    const p = write(template(INCLUDE('role.yaml'), `{ ${INCLUDE('project.yaml')} }`));
    const plan = planPipelineFile(p.file, { cwd: p.dir, stateDir: p.state });
    const build = plan.stages[1]!.groups[0]!.actions[0]!;
    expect(build.local).toContain(
      'cannot run locally: configuration ProjectName comes from Fn::Transform (AWS::Include)',
    );
    expect(build.project).toBeUndefined();
    const f = fakes();
    const r = await run(p, f);
    expect(r.execution.status).toBe('Failed');
    const failed = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Build')!;
    expect(failed.output.executionResult.errorDetails?.code).toBe('VALUE_NOT_EVALUATED');
    expect(failed.output.executionResult.externalExecutionSummary).toContain('codelocal does not evaluate locally');
    expect(f.calls.get('Src')).toBe(1);
    expect(f.calls.get('Build')).toBeUndefined();
  });

  it('--skip gets past such an action', async () => {
    const p = write(template(INCLUDE('role.yaml'), `{ ${INCLUDE('project.yaml')} }`));
    const r = await run(p, fakes(), { skip: ['Build.Build'] });
    expect(r.execution.status).toBe('Succeeded');
  });

  it('a whole structure from AWS::Include cannot be checked: VALUE_NOT_EVALUATED, in our words', () => {
    const stages = write(
      `Resources:\n  Pipeline:\n    Type: AWS::CodePipeline::Pipeline\n    Properties:\n      RoleArn: arn:aws:iam::123456789012:role/r\n      ArtifactStore: { Type: S3, Location: artifacts }\n      Stages: { ${INCLUDE('stages.yaml')} }\n`,
    );
    const a = validatePipelineFile(stages.file);
    expect(a.errors.map((e) => e.code)).toContain('VALUE_NOT_EVALUATED');
    expect(a.errors.find((e) => e.code === 'VALUE_NOT_EVALUATED')!.message).toContain(
      "'stages' comes from Fn::Transform",
    );
    const whole = write(
      `Resources:\n  Pipeline:\n    Type: AWS::CodePipeline::Pipeline\n    Properties:\n      ${INCLUDE('pipeline.yaml')}\n`,
    );
    const b = validatePipelineFile(whole.file);
    expect(b.errors[0]!.code).toBe('VALUE_NOT_EVALUATED');
    expect(b.errors[0]!.message).toContain('the whole pipeline Pipeline comes from Fn::Transform');
  });

  it('a resource block included from S3 is skipped with a warning, the rest loads', () => {
    const t = parseTemplate(
      `Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters: { Location: s3://snippets/r.yaml }\n  T:\n    Type: AWS::SNS::Topic\n`,
      't.yaml',
    );
    expect([...t.resources.keys()]).toEqual(['T']);
    expect(t.warnings.map((w) => w.message)).toContain('resources included with Fn::Transform are not read locally');
  });
});

describe('get-pipeline output is read in its own region (issue 11)', () => {
  it('the region of metadata.pipelineArn is the pipeline region, so every action may name it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-region-'));
    dirs.push(dir);
    const file = join(dir, 'p.json');
    const action = (name: string, category: string, provider: string, extra: object) => ({
      name,
      actionTypeId: { category, owner: 'AWS', provider, version: '1' },
      region: 'eu-central-1',
      ...extra,
    });
    writeFileSync(
      file,
      JSON.stringify({
        pipeline: {
          name: 'p',
          roleArn: 'arn:aws:iam::123456789012:role/r',
          artifactStore: { type: 'S3', location: 'artifacts' },
          stages: [
            {
              name: 'S',
              actions: [
                action('Src', 'Source', 'S3', {
                  configuration: { S3Bucket: 'b', S3ObjectKey: 'k' },
                  outputArtifacts: [{ name: 'O' }],
                }),
              ],
            },
            {
              name: 'B',
              actions: [
                action('Build', 'Build', 'CodeBuild', {
                  configuration: { ProjectName: 'x' },
                  inputArtifacts: [{ name: 'O' }],
                }),
              ],
            },
          ],
        },
        metadata: { pipelineArn: 'arn:aws:codepipeline:eu-central-1:123456789012:p' },
      }),
    );
    const report = validatePipelineFile(file, { region: 'us-east-1' });
    expect(report.errors).toEqual([]);
    expect(report.loaded?.region).toBe('eu-central-1');
  });
});

describe('a template value that fails for the pipeline and for a project it names', () => {
  it('is one error, with the way past when the key is the account id codelocal uses', () => {
    const mapped = `Mappings:\n  Accounts:\n    '111122223333': { Env: prod }\n${template(
      'Ref: AWS::NoValue',
      '!Ref Build',
    ).replace('RoleArn: { Ref: AWS::NoValue }', 'RoleArn: arn:aws:iam::111122223333:role/p')}  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: { 'Fn::FindInMap': [Accounts, { Ref: AWS::AccountId }, Env] }
      ServiceRole: arn:aws:iam::111122223333:role/b
      Artifacts: { Type: CODEPIPELINE }
      Environment: { Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: aws/codebuild/standard:7.0 }
      Source: { Type: CODEPIPELINE }
`;
    const p = write(mapped);
    const report = validatePipelineFile(p.file, { accountId: '123456789012' });
    expect(report.errors.map((e) => e.message)).toEqual([
      expect.stringContaining(
        '123456789012 is the account id codelocal uses here: set the one the stack deploys to with --account-id',
      ),
    ]);
    expect(validatePipelineFile(p.file, { accountId: '111122223333' }).errors).toEqual([]);
  });
});
