/** Deploy CloudFormation against local stack records (docs/aws/codepipeline.md §2.4, §4.2, §8.21). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../pipeline-engine/helpers.js';
import { describe, expect, it } from 'vitest';
import { StackStore } from '../../../src/local-aws/cloudformation/stack-store.js';
import { CFN, pipeline, project, registry, run, source } from './helpers.js';

const NETWORK = `
Parameters:
  Env: { Type: String }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { BucketName: !Sub "net-\${Env}" }
Outputs:
  BucketName: { Value: !Ref Bucket }
  BucketArn: { Value: !GetAtt Bucket.Arn }
`;
const APP = `
Parameters:
  NetworkBucket: { Type: String }
  ArtifactKey: { Type: String, Default: none }
Resources:
  Queue: { Type: AWS::SQS::Queue }
Outputs:
  Uses: { Value: !Sub "app-on-\${NetworkBucket}" }
  Key: { Value: !Ref ArtifactKey }
`;

function cfn(name: string, config: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    name,
    actionTypeId: CFN,
    configuration: { RoleArn: 'arn:aws:iam::123456789012:role/cfn', ...config },
    inputArtifacts: [{ name: 'Tpl' }],
    ...extra,
  };
}

const files = (templates: Record<string, string>) => ({ Src: templates });
const detail = (r: Awaited<ReturnType<typeof run>>, name: string) =>
  r.execution.actionExecutionDetails.find((a) => a.actionName === name)!;

/** Runs the actions once; given a project, runs them again in it (same state folder, new pipeline.json). */
async function once(templates: Record<string, string>, actions: unknown[], reuse?: Project) {
  const def = pipeline([source('Src', 'Tpl')], [{ name: 'Deploy', actions }]);
  const p = reuse ?? project(def);
  writeFileSync(p.file, JSON.stringify(def));
  const r = await run(p, registry(files(templates)));
  return { r, p, stacks: new StackStore(p.state) };
}

describe('CloudFormation deploy action', () => {
  it("docs/aws/codepipeline.md §8.21: a second action reads the first one's OutputFileName through Fn::GetParam", async () => {
    const { r, stacks } = await once({ 'network.yml': NETWORK, 'app.yml': APP }, [
      cfn(
        'Network',
        {
          ActionMode: 'CREATE_UPDATE',
          StackName: 'net',
          TemplatePath: 'Tpl::network.yml',
          ParameterOverrides: '{"Env":"dev"}',
          OutputFileName: 'net-out.json',
        },
        { outputArtifacts: [{ name: 'NetOut' }], namespace: 'NetNS' },
      ),
      cfn(
        'App',
        {
          ActionMode: 'CREATE_UPDATE',
          StackName: 'app',
          TemplatePath: 'Tpl::app.yml',
          ParameterOverrides: JSON.stringify({
            NetworkBucket: { 'Fn::GetParam': ['NetOut', 'net-out.json', 'BucketName'] },
            ArtifactKey: { 'Fn::GetArtifactAtt': ['NetOut', 'ObjectKey'] },
          }),
        },
        { inputArtifacts: [{ name: 'Tpl' }, { name: 'NetOut' }], runOrder: 2 },
      ),
    ]);
    expect(r.execution.status).toBe('Succeeded');
    expect(detail(r, 'Network').output.outputVariables).toEqual({
      BucketName: 'net-dev',
      BucketArn: 'arn:aws:s3:::net-dev',
    });
    const app = detail(r, 'App').output.outputVariables;
    expect(app.Uses).toBe('app-on-net-dev');
    expect(app.Key).toBe(detail(r, 'Network').output.outputArtifacts[0]!.s3location.key);
    expect(stacks.get('app')).toMatchObject({ status: 'CREATE_COMPLETE', parameters: { NetworkBucket: 'net-dev' } });
  });

  it('docs/aws/codepipeline.md §2.4: TemplateConfiguration parameters apply, ParameterOverrides win, and an unknown name fails', async () => {
    const conf = JSON.stringify({ Parameters: { Env: 'from-config' } });
    const ok = await once({ 'network.yml': NETWORK, 'conf.json': conf }, [
      cfn('Net', {
        ActionMode: 'CREATE_UPDATE',
        StackName: 'net',
        TemplatePath: 'Tpl::network.yml',
        TemplateConfiguration: 'Tpl::conf.json',
      }),
    ]);
    expect(detail(ok.r, 'Net').output.outputVariables.BucketName).toBe('net-from-config');
    const bad = await once({ 'network.yml': NETWORK }, [
      cfn('Net', {
        ActionMode: 'CREATE_UPDATE',
        StackName: 'net',
        TemplatePath: 'Tpl::network.yml',
        ParameterOverrides: '{"Env":"x","Nope":"y"}',
      }),
    ]);
    expect(detail(bad.r, 'Net').output.executionResult.externalExecutionSummary).toBe(
      'Parameters: [Nope] do not exist in the template',
    );
    expect(bad.stacks.get('net')).toBeUndefined();
  });

  it('docs/aws/codepipeline.md §2.4: IAM resources without CAPABILITY_IAM fail like AWS; with it the stack is created', async () => {
    const tpl = 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: { AssumeRolePolicyDocument: {} }\n';
    const bad = await once({ 't.yml': tpl }, [
      cfn('Iam', { ActionMode: 'CREATE_UPDATE', StackName: 'iam', TemplatePath: 'Tpl::t.yml' }),
    ]);
    expect(detail(bad.r, 'Iam').output.executionResult.externalExecutionSummary).toBe(
      'Requires capabilities : [CAPABILITY_IAM]',
    );
    const ok = await once({ 't.yml': tpl }, [
      cfn('Iam', {
        ActionMode: 'CREATE_UPDATE',
        StackName: 'iam',
        TemplatePath: 'Tpl::t.yml',
        Capabilities: 'CAPABILITY_IAM',
      }),
    ]);
    expect(detail(ok.r, 'Iam').status).toBe('Succeeded');
  });

  it('docs/aws/codepipeline.md §2.4: a template that fails to resolve leaves ROLLBACK_COMPLETE; CREATE_UPDATE refuses it, REPLACE_ON_FAILURE replaces it', async () => {
    const broken = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: { QueueName: !GetAtt Missing.Arn }\n';
    const first = await once({ 't.yml': broken }, [
      cfn('A', { ActionMode: 'CREATE_UPDATE', StackName: 's', TemplatePath: 'Tpl::t.yml' }),
    ]);
    expect(first.stacks.get('s')?.status).toBe('ROLLBACK_COMPLETE');
    const good = 'Resources:\n  Q: { Type: AWS::SQS::Queue }\nOutputs:\n  Url: { Value: !Ref Q }\n';
    const again = await once(
      { 't.yml': good },
      [cfn('A', { ActionMode: 'CREATE_UPDATE', StackName: 's', TemplatePath: 'Tpl::t.yml' })],
      first.p,
    );
    expect(detail(again.r, 'A').output.executionResult.externalExecutionSummary).toContain(
      'ROLLBACK_COMPLETE state and can not be updated',
    );
    const replaced = await once(
      { 't.yml': good },
      [cfn('A', { ActionMode: 'REPLACE_ON_FAILURE', StackName: 's', TemplatePath: 'Tpl::t.yml' })],
      first.p,
    );
    expect(detail(replaced.r, 'A').output.executionResult.externalExecutionSummary).toBe('stack s CREATE_COMPLETE');
    expect(first.stacks.get('s')?.status).toBe('CREATE_COMPLETE');
    // An update that fails to resolve rolls back and keeps the applied template's outputs.
    const upd = await once(
      { 't.yml': broken },
      [cfn('A', { ActionMode: 'CREATE_UPDATE', StackName: 's', TemplatePath: 'Tpl::t.yml' })],
      first.p,
    );
    expect(detail(upd.r, 'A').status).toBe('Failed');
    expect(first.stacks.get('s')).toMatchObject({
      status: 'UPDATE_ROLLBACK_COMPLETE',
      outputs: { Url: expect.stringContaining('sqs') },
    });
  });

  it('docs/aws/codepipeline.md §8.21: DELETE_ONLY on a missing stack succeeds and publishes no variables', async () => {
    const { r } = await once({}, [
      { ...cfn('Del', { ActionMode: 'DELETE_ONLY', StackName: 'gone' }), inputArtifacts: [] },
    ]);
    expect(detail(r, 'Del').status).toBe('Succeeded');
    expect(detail(r, 'Del').output.outputVariables).toEqual({});
  });

  it('docs/aws/codepipeline.md §4.2: CHANGE_SET_REPLACE then CHANGE_SET_EXECUTE; outputs become variables after execute', async () => {
    const tpl = 'Resources:\n  Q: { Type: AWS::SQS::Queue }\nOutputs:\n  Name: { Value: !GetAtt Q.QueueName }\n';
    const { r, stacks } = await once({ 't.yml': tpl }, [
      cfn('Plan', {
        ActionMode: 'CHANGE_SET_REPLACE',
        StackName: 'cs',
        ChangeSetName: 'next',
        TemplatePath: 'Tpl::t.yml',
      }),
      {
        ...cfn('Apply', { ActionMode: 'CHANGE_SET_EXECUTE', StackName: 'cs', ChangeSetName: 'next' }),
        inputArtifacts: [],
        runOrder: 2,
      },
    ]);
    expect(r.execution.status).toBe('Succeeded');
    expect(detail(r, 'Plan').output.outputVariables).toEqual({});
    expect(Object.keys(detail(r, 'Apply').output.outputVariables)).toEqual(['Name']);
    expect(stacks.get('cs')).toMatchObject({ status: 'CREATE_COMPLETE', changeSets: {} });
    const missing = await once({}, [
      {
        ...cfn('Apply', { ActionMode: 'CHANGE_SET_EXECUTE', StackName: 'cs', ChangeSetName: 'nope' }),
        inputArtifacts: [],
      },
    ]);
    expect(detail(missing.r, 'Apply').output.executionResult.externalExecutionSummary).toContain(
      'ChangeSet [nope] does not exist',
    );
  });

  it('docs/aws/codepipeline.md §2.4: the action says once that no AWS resources are created', async () => {
    const { p } = await once({ 'network.yml': NETWORK }, [
      cfn('Net', {
        ActionMode: 'CREATE_UPDATE',
        StackName: 'net',
        TemplatePath: 'Tpl::network.yml',
        ParameterOverrides: '{"Env":"d"}',
      }),
    ]);
    const { readdirSync, readFileSync } = await import('node:fs');
    const execDir = join(p.state, 'pipeline-executions');
    const [id] = readdirSync(execDir);
    const log = readFileSync(join(execDir, id!, 'Deploy.Net.log'), 'utf8');
    expect(log.match(/no AWS resources are created/g)).toHaveLength(1);
  });
});
