import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, actionTypeKey, isEmulated } from '../../../src/model/action-types.js';
import { basePipeline, check, COMMANDS, expectValid, MANUAL, valuePos } from './helpers.js';

const build = (p: any) => p.stages[1].actions[0];

describe('action types (docs/aws/codepipeline.md §1.3, §1.11)', () => {
  // A Custom owner type is registered per account, so it gets codelocal's warning instead (§2.7,
  // test/unit/pipeline-engine/custom-actions.test.ts); an AWS or ThirdParty type AWS has not is refused.
  it('docs/aws/codepipeline.md §1.11: an action type AWS does not have is rejected with the AWS message, never skipped', () => {
    const p = basePipeline();
    build(p).actionTypeId = { category: 'Build', owner: 'ThirdParty', provider: 'Jenkins', version: '1' };
    const c = check(p);
    expect(c.located).toContain(
      `${valuePos(c.text, 'actionTypeId', 1)}: ActionType (Category: 'Build', Provider: 'Jenkins', Owner: 'ThirdParty', Version: '1') in action 'Build' is not available in region 'US_EAST_1'`,
    );
  });

  it("docs/aws/codepipeline.md §1.11: the message names the pipeline's region", () => {
    const p = basePipeline();
    build(p).actionTypeId.category = 'Deploy';
    delete p.artifactStore;
    expect(check(p, { region: 'eu-west-1' }).errors).toContain(
      "ActionType (Category: 'Deploy', Provider: 'CodeBuild', Owner: 'AWS', Version: '1') in action 'Build' is not available in region 'EU_WEST_1'",
    );
  });

  it('docs/aws/codepipeline.md §1.3: category and owner must be from the API enums', () => {
    const p = basePipeline();
    build(p).actionTypeId.category = 'Compile';
    expect(check(p).errors).toContain(
      "1 validation error detected: Value 'Compile' at 'pipeline.stages.2.member.actions.1.member.actionTypeId.category' failed to satisfy constraint: Member must satisfy enum value set: [Source, Build, Deploy, Test, Invoke, Approval, Compute]",
    );
  });

  it('the catalogue lists the types codelocal runs locally', () => {
    expect(ACTION_TYPES.filter(isEmulated).map(actionTypeKey)).toEqual([
      'Source/AWS/CodeStarSourceConnection/1',
      'Source/AWS/CodeCommit/1',
      'Source/ThirdParty/GitHub/1',
      'Source/AWS/S3/1',
      'Source/AWS/ECR/1',
      'Build/AWS/CodeBuild/1',
      'Test/AWS/CodeBuild/1',
      'Compute/AWS/Commands/1',
      'Approval/AWS/Manual/1',
      'Deploy/AWS/ECS/1',
      'Deploy/AWS/CodeDeployToECS/1',
      'Deploy/AWS/S3/1',
      'Deploy/AWS/CloudFormation/1',
      'Invoke/AWS/Lambda/1',
      'Deploy/AWS/CodeDeploy/1',
    ]);
  });

  it('issue 11: real AWS action types without a local stand-in pass validation', () => {
    for (const [provider, configuration] of [
      ['CodeDeploy', { ApplicationName: 'app', DeploymentGroupName: 'fleet' }],
      ['ElasticBeanstalk', { ApplicationName: 'app', EnvironmentName: 'prod' }],
    ] as const) {
      const p = basePipeline();
      p.stages.push({
        name: 'Deploy',
        actions: [
          {
            name: 'Deploy',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider, version: '1' },
            configuration,
            inputArtifacts: [{ name: 'BuildOutput' }],
          },
        ],
      });
      expectValid(check(p));
    }
  });
});

describe('runOrder (docs/aws/codepipeline.md §1.4)', () => {
  for (const [value, constraint] of [
    [0, 'Member must have value greater than or equal to 1'],
    [1000, 'Member must have value less than or equal to 999'],
    [1.5, 'Member must be a whole number'],
  ] as const) {
    it(`docs/aws/codepipeline.md §1.4: runOrder ${value} is rejected`, () => {
      const p = basePipeline();
      build(p).runOrder = value;
      const c = check(p);
      expect(c.located).toContain(
        `${valuePos(c.text, 'runOrder')}: 1 validation error detected: Value '${value}' at 'pipeline.stages.2.member.actions.1.member.runOrder' failed to satisfy constraint: ${constraint}`,
      );
    });
  }

  it('docs/aws/codepipeline.md §1.4: runOrder 999 and gaps are accepted', () => {
    const p = basePipeline();
    build(p).runOrder = 999;
    expectValid(check(p));
  });
});

describe('configuration limits (docs/aws/codepipeline.md §1.3, §8.4)', () => {
  it('docs/aws/codepipeline.md §8.4: a 1001-character value is rejected with the ValidationException shape', () => {
    const p = basePipeline();
    build(p).configuration.EnvironmentVariables = JSON.stringify([{ name: 'X', value: 'v'.repeat(976) }]);
    expect(build(p).configuration.EnvironmentVariables.length).toBe(1001);
    const c = check(p);
    expect(c.located).toContain(
      `${valuePos(c.text, 'EnvironmentVariables')}: 1 validation error detected: Value at 'pipeline.stages.2.member.actions.1.member.configuration' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 1000, Member must have length greater than or equal to 1]`,
    );
  });

  it('docs/aws/codepipeline.md §8.4: the limit counts the unresolved text; 1000 characters with #{...} pass', () => {
    const p = basePipeline();
    const ref = '#{SourceVariables.CommitId}';
    build(p).configuration.EnvironmentVariables = JSON.stringify([
      { name: 'X', value: ref + 'v'.repeat(975 - ref.length) },
    ]);
    expect(build(p).configuration.EnvironmentVariables.length).toBe(1000);
    expectValid(check(p));
  });

  it('docs/aws/codepipeline.md §8.4: an empty value and a 51-character key are rejected', () => {
    const p = basePipeline();
    build(p).configuration.PrimarySource = '';
    build(p).configuration['K'.repeat(51)] = 'x';
    const errors = check(p).errors;
    expect(errors).toContain(
      "1 validation error detected: Value at 'pipeline.stages.2.member.actions.1.member.configuration' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 50, Member must have length greater than or equal to 1]",
    );
    expect(errors.filter((e) => e.includes('Map value must satisfy'))).toHaveLength(1);
  });
});

describe('required configuration (docs/aws/codepipeline.md §2)', () => {
  it('docs/aws/codepipeline.md §2.2: CodeBuild without ProjectName is rejected', () => {
    const p = basePipeline();
    delete build(p).configuration.ProjectName;
    const c = check(p);
    expect(c.located).toContain(
      `${valuePos(c.text, 'configuration', 1)}: Action configuration for action 'Build' is missing required configuration 'ProjectName'`,
    );
  });

  it('docs/aws/codepipeline.md §2.2: PrimarySource is required with more than one input, and then accepted', () => {
    const p = basePipeline();
    p.stages[0].actions.push({
      name: 'Src2',
      actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
      configuration: { S3Bucket: 'b', S3ObjectKey: 'k.zip' },
      outputArtifacts: [{ name: 'Other' }],
    });
    build(p).inputArtifacts.push({ name: 'Other' });
    expect(check(p).errors).toEqual([
      "Action configuration for action 'Build' is missing required configuration 'PrimarySource' (required when the action has more than one input artifact)",
    ]);
    build(p).configuration.PrimarySource = 'SourceOutput';
    expectValid(check(p));
  });

  it('docs/aws/codepipeline.md §2.4: CloudFormation CREATE_UPDATE needs TemplatePath; a missing RoleArn is only a warning; DELETE_ONLY does not need TemplatePath', () => {
    const p = basePipeline();
    p.stages.push({
      name: 'Deploy',
      actions: [
        {
          name: 'Stack',
          actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
          configuration: { ActionMode: 'CREATE_UPDATE', StackName: 's' },
          inputArtifacts: [{ name: 'BuildOutput' }],
        },
      ],
    });
    const c = check(p);
    expect(c.errors).toEqual([
      "Action configuration for action 'Stack' is missing required configuration 'TemplatePath' (required when ActionMode is CREATE_UPDATE, REPLACE_ON_FAILURE or CHANGE_SET_REPLACE)",
    ]);
    // CreatePipeline accepts a CloudFormation action without RoleArn (§2.4: it can only fail at run time).
    expect(c.loaded.warnings.filter((w) => w.code === 'PIPELINE_CONFIGURATION_MISSING').map((w) => w.message)).toEqual([
      "action 'Stack' has no configuration 'RoleArn', which CloudFormation documents as required when ActionMode is CREATE_UPDATE, REPLACE_ON_FAILURE, DELETE_ONLY or CHANGE_SET_REPLACE; CreatePipeline accepts the action without it, but on AWS the action may fail when it runs (codelocal runs it)",
    ]);
    p.stages[2].actions[0].configuration = {
      ActionMode: 'DELETE_ONLY',
      StackName: 's',
      RoleArn: 'arn:aws:iam::123456789012:role/cfn',
    };
    expectValid(check(p));
  });

  it('an undocumented configuration key is a warning with a suggestion', () => {
    const p = basePipeline();
    build(p).configuration.ProjectNmae = 'x';
    const c = check(p);
    expectValid(c);
    expect(c.warnings).toContain(
      "configuration 'ProjectNmae' is not one CodeBuild documents and is ignored; did you mean 'ProjectName'?",
    );
  });
});

describe('artifact counts (docs/aws/codepipeline.md §1.5, §8.3)', () => {
  it('docs/aws/codepipeline.md §8.3: CodeBuild with no inputs is rejected with the AWS message', () => {
    const p = basePipeline();
    build(p).inputArtifacts = [];
    const c = check(p);
    expect(c.errors).toEqual(['Action Build declares 0 input artifacts which is less than the minimum count (1)']);
  });

  it('docs/aws/codepipeline.md §8.3: Commands with 11 inputs is rejected; 10 is accepted', () => {
    const p = basePipeline();
    p.pipelineType = 'V2';
    const names = Array.from({ length: 11 }, (_, i) => `A${i}`);
    p.stages[0].actions = names.map((n, i) => ({
      name: `S${i}`,
      actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
      configuration: { S3Bucket: 'b', S3ObjectKey: `${i}.zip` },
      outputArtifacts: [{ name: n }],
    }));
    p.stages[1].actions = [
      {
        name: 'Cmd',
        actionTypeId: { ...COMMANDS },
        commands: ['make'],
        inputArtifacts: names.map((name) => ({ name })),
      },
    ];
    expect(check(p).errors).toEqual([
      'Action Cmd declares 11 input artifacts which is greater than the maximum count (10)',
    ]);
    p.stages[1].actions[0].inputArtifacts.pop();
    expectValid(check(p));
  });

  it('docs/aws/codepipeline.md §1.5: a manual approval has no artifacts', () => {
    const p = basePipeline();
    p.stages.push({
      name: 'Gate',
      actions: [{ name: 'Ok', actionTypeId: { ...MANUAL }, outputArtifacts: [{ name: 'X' }] }],
    });
    expect(check(p).errors).toEqual([
      'Action Ok declares 1 output artifacts which is greater than the maximum count (0)',
    ]);
  });

  it('docs/aws/codepipeline.md §1.5: artifact names match [a-zA-Z0-9_\\-]+ (no dots)', () => {
    const p = basePipeline();
    build(p).outputArtifacts = [{ name: 'build.out' }];
    expect(check(p).errors).toContain(
      "1 validation error detected: Value 'build.out' at 'pipeline.stages.2.member.actions.1.member.outputArtifacts.1.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_\\-]+",
    );
  });
});

describe('Compute-only fields and V2 (docs/aws/codepipeline.md §1.3, §1.6)', () => {
  it('docs/aws/codepipeline.md §1.11: commands on a CodeBuild action is rejected with the AWS message', () => {
    const p = basePipeline();
    build(p).commands = ['echo hi'];
    const c = check(p);
    expect(c.located).toContain(
      `${valuePos(c.text, 'commands')}: The following action cannot contain a commands field: Build. To use the commands field, use a compute action.`,
    );
  });

  it('docs/aws/codepipeline.md §1.3: output files on a CodeBuild action get the same message (aws-cdk#38843)', () => {
    const p = basePipeline();
    build(p).outputArtifacts[0].files = ['**/*'];
    expect(check(p).errors).toEqual([
      'The following action cannot contain a commands field: Build. To use the commands field, use a compute action.',
    ]);
  });

  it('docs/aws/codepipeline.md §2.3: a Commands action with commands, files and outputVariables is valid in a V2 pipeline', () => {
    const p = basePipeline();
    p.pipelineType = 'V2';
    p.stages[1].actions.push({
      name: 'Cmd',
      actionTypeId: { ...COMMANDS },
      runOrder: 2,
      commands: ['export OUT=1', 'make'],
      outputVariables: ['OUT'],
      inputArtifacts: [{ name: 'BuildOutput' }],
      outputArtifacts: [{ name: 'Dist', files: ['dist/**/*'] }],
      namespace: 'CmdVars',
    });
    const c = check(p);
    expectValid(c);
    expect(c.warnings).toEqual([]);
  });

  it('docs/aws/codepipeline.md §2.3: a Commands action needs commands, one line each', () => {
    const p = basePipeline();
    p.pipelineType = 'V2';
    p.stages[1].actions.push({
      name: 'Cmd',
      actionTypeId: { ...COMMANDS },
      inputArtifacts: [{ name: 'SourceOutput' }],
    });
    expect(check(p).errors).toEqual([
      'Action Cmd is a Commands action and must have a commands list (1 to 50 commands)',
    ]);
    p.stages[1].actions[1].commands = ['make\nmake install'];
    expect(check(p).errors).toEqual([
      'Command 1 of action Cmd spans several lines; the Commands action does not support multi-line commands',
    ]);
  });

  it('docs/aws/codepipeline.md §1.6: the Commands action on an explicit V1 pipeline is rejected', () => {
    const p = basePipeline();
    p.pipelineType = 'V1';
    p.stages[1].actions.push({
      name: 'Cmd',
      actionTypeId: { ...COMMANDS },
      commands: ['make'],
      inputArtifacts: [{ name: 'SourceOutput' }],
    });
    expect(check(p).errors).toEqual(['the Commands action Cmd requires a V2 pipeline, but pipelineType is V1']);
  });

  it('docs/aws/codepipeline.md §1.6: without pipelineType, V2 features warn and the pipeline is treated as V2', () => {
    const p = basePipeline();
    p.executionMode = 'QUEUED';
    const c = check(p);
    expectValid(c);
    expect(c.warnings).toEqual([
      'pipelineType is not set and the pipeline uses V2 features (executionMode QUEUED); codelocal treats it as V2',
    ]);
    expect(c.loaded.pipelineType).toBe('V2');
  });

  it('docs/aws/codepipeline.md §1.7: QUEUED and PARALLEL need V2', () => {
    const p = basePipeline();
    p.pipelineType = 'V1';
    p.executionMode = 'PARALLEL';
    expect(check(p).errors).toEqual(['executionMode PARALLEL requires a V2 pipeline, but pipelineType is V1']);
    p.pipelineType = 'V2';
    expectValid(check(p));
  });

  it('docs/aws/codepipeline.md §1.7: a ROLLBACK failure result is not allowed in a PARALLEL pipeline', () => {
    const p = basePipeline();
    p.pipelineType = 'V2';
    p.executionMode = 'PARALLEL';
    p.stages[1].onFailure = { result: 'ROLLBACK' };
    expect(check(p).errors).toEqual([
      "Stage 'Build' has a ROLLBACK failure result, which a PARALLEL pipeline cannot use",
    ]);
    p.executionMode = 'QUEUED';
    expectValid(check(p));
  });

  it('docs/aws/codepipeline.md §1.3: timeoutInMinutes is for manual approvals only, 5 to 86400', () => {
    const p = basePipeline();
    build(p).timeoutInMinutes = 10;
    expect(check(p).errors).toEqual([
      'Action Build cannot set timeoutInMinutes: it is available only to manual approval actions',
    ]);
    const q = basePipeline();
    q.stages.push({ name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { ...MANUAL }, timeoutInMinutes: 4 }] });
    expect(check(q).errors[0]).toMatch(
      /timeoutInMinutes' failed to satisfy constraint: Member must have value greater than or equal to 5$/,
    );
    q.stages[2].actions[0].timeoutInMinutes = 60;
    expectValid(check(q));
  });

  it('docs/aws/codepipeline.md §1.3: a source action cannot be cross-region', () => {
    const p = basePipeline();
    p.stages[0].actions[0].region = 'eu-west-1';
    expect(check(p).errors).toContain(
      "Action Src is a source action and cannot run in region eu-west-1: source actions run in the pipeline's region (us-east-1)",
    );
  });

  it('docs/fidelity.md (get-pipeline output and its region): every action in one other region: the refusal names --region', () => {
    const p = basePipeline();
    for (const stage of p.stages) for (const action of stage.actions) action.region = 'eu-west-1';
    const hint =
      '. Every action of this pipeline names region eu-west-1: if the pipeline lives in eu-west-1, read it there with --region eu-west-1';
    const errors = check(p).errors;
    expect(errors[0]).toContain(
      `Action Src is a source action and cannot run in region eu-west-1: source actions run in the pipeline's region (us-east-1)${hint}`,
    );
    expect(errors.every((e) => e.includes(hint))).toBe(true);
    expectValid(check(p, { region: 'eu-west-1' }));
  });

  it("issue 11: get-pipeline output names the pipeline's own region on every action, the source's too: valid", () => {
    const p = basePipeline();
    for (const stage of p.stages) for (const action of stage.actions) action.region = 'us-east-1';
    expectValid(check(p));
  });
});
