import { describe, expect, it } from 'vitest';
import { basePipeline, check, CODEBUILD, expectValid, valuePos } from './helpers.js';

const build = (p: any) => p.stages[1].actions[0];

/** A second CodeBuild action in the Build stage consuming BuildOutput. */
function withConsumer(p: any, runOrder: number): any {
  build(p).runOrder = 1;
  p.stages[1].actions.push({
    name: 'Test',
    actionTypeId: { ...CODEBUILD, category: 'Test' },
    runOrder,
    configuration: { ProjectName: 'demo-test' },
    inputArtifacts: [{ name: 'BuildOutput' }],
  });
  return p;
}

describe('artifact flow (docs/aws/codepipeline.md §1.5, §8.2)', () => {
  it('docs/aws/codepipeline.md §8.2: consumer with the same runOrder as its producer is rejected', () => {
    const c = check(withConsumer(basePipeline(), 1));
    expect(c.located).toEqual([
      `${valuePos(c.text, 'name', -1)}: Input artifact 'BuildOutput' of action Test is produced by action 'Build' in stage 'Build' (runOrder 1), which does not run before it; an input must come from an earlier stage or a lower runOrder in the same stage`,
    ]);
  });

  it('docs/aws/codepipeline.md §8.2: consumer with a higher runOrder in the same stage is accepted (aws-cdk#2549)', () => {
    expectValid(check(withConsumer(basePipeline(), 2)));
  });

  it('docs/aws/codepipeline.md §1.5: an input nobody produces is rejected', () => {
    const p = basePipeline();
    build(p).inputArtifacts = [{ name: 'Missing' }];
    expect(check(p).errors).toEqual([
      "Input artifact 'Missing' of action Build is not the output artifact of any action in the pipeline",
    ]);
  });

  it('docs/aws/codepipeline.md §1.5: an input produced by a later stage is rejected', () => {
    const p = basePipeline();
    p.stages.push({
      name: 'Late',
      actions: [
        {
          name: 'Pack',
          actionTypeId: { ...CODEBUILD },
          configuration: { ProjectName: 'x' },
          inputArtifacts: [{ name: 'SourceOutput' }],
          outputArtifacts: [{ name: 'Packed' }],
        },
      ],
    });
    build(p).inputArtifacts.push({ name: 'Packed' });
    build(p).configuration.PrimarySource = 'SourceOutput';
    expect(check(p).errors).toEqual([
      "Input artifact 'Packed' of action Build is produced by action 'Pack' in stage 'Late' (runOrder 1), which does not run before it; an input must come from an earlier stage or a lower runOrder in the same stage",
    ]);
  });

  it('docs/aws/codepipeline.md §1.5: output artifact names are unique across the pipeline', () => {
    const p = basePipeline();
    build(p).outputArtifacts = [{ name: 'SourceOutput' }];
    expect(check(p).errors).toEqual([
      "Output artifact name 'SourceOutput' of action Build is already used by action 'Src' in stage 'Source' (runOrder 1); output artifact names must be unique in a pipeline",
    ]);
  });

  it('docs/aws/codepipeline.md §1.5: the same input listed twice is rejected', () => {
    const p = basePipeline();
    build(p).inputArtifacts.push({ name: 'SourceOutput' });
    build(p).configuration.PrimarySource = 'SourceOutput';
    expect(check(p).errors).toEqual(["Action Build declares input artifact 'SourceOutput' more than once"]);
  });

  it('a configuration value naming a non-input artifact is a run-time warning (cfn-lint E3703)', () => {
    const p = basePipeline();
    p.stages.push({
      name: 'Deploy',
      actions: [
        {
          name: 'Stack',
          actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
          configuration: {
            ActionMode: 'CREATE_UPDATE',
            StackName: 's',
            RoleArn: 'arn:aws:iam::123456789012:role/cfn',
            TemplatePath: 'SourceOutput::template.yaml',
          },
          inputArtifacts: [{ name: 'BuildOutput' }],
        },
      ],
    });
    const c = check(p);
    expectValid(c);
    expect(c.warnings).toEqual([
      "configuration 'TemplatePath' of action Stack names artifact 'SourceOutput', which is not one of its input artifacts (BuildOutput); the action will fail when it runs",
    ]);
  });
});

describe('namespaces (docs/aws/codepipeline.md §4.1, §8.7)', () => {
  it('docs/aws/codepipeline.md §8.7: a namespace named like an artifact is rejected', () => {
    const p = basePipeline();
    build(p).namespace = 'SourceOutput';
    const c = check(p);
    expect(c.located).toEqual([
      `${valuePos(c.text, 'namespace', 1)}: Namespace 'SourceOutput' of action Build has the same name as an artifact; a namespace cannot be an artifact name`,
    ]);
  });

  it('docs/aws/codepipeline.md §8.7: the reserved namespaces codepipeline and variables are rejected', () => {
    for (const ns of ['variables', 'codepipeline']) {
      const p = basePipeline();
      build(p).namespace = ns;
      expect(check(p).errors).toEqual([
        `Namespace '${ns}' of action Build is reserved by CodePipeline; choose another namespace`,
      ]);
    }
  });

  it('docs/aws/codepipeline.md §4.1: namespaces are unique in the pipeline and case sensitive', () => {
    const p = basePipeline();
    build(p).namespace = 'SourceVariables';
    expect(check(p).errors).toEqual([
      "Namespace 'SourceVariables' of action Build is already used by action 'Src' in stage 'Source' (runOrder 1); namespaces must be unique in a pipeline",
    ]);
    build(p).namespace = 'sourcevariables';
    expectValid(check(p));
  });

  it('docs/aws/codepipeline.md §1.3: a namespace matches [A-Za-z0-9@\\-_]+', () => {
    const p = basePipeline();
    build(p).namespace = 'Build.Vars';
    expect(check(p).errors).toEqual([
      "1 validation error detected: Value 'Build.Vars' at 'pipeline.stages.2.member.actions.1.member.namespace' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9@\\-_]+",
    ]);
  });
});

describe('variable references (docs/aws/codepipeline.md §4.3, §4.4)', () => {
  it('docs/aws/codepipeline.md §4.4: a reference to an undeclared namespace is a warning (AWS fails the action at run time)', () => {
    const p = basePipeline();
    build(p).configuration.EnvironmentVariables = '[{"name":"X","value":"#{Nope.X}"}]';
    const c = check(p);
    expectValid(c);
    expect(c.warnings).toEqual([
      '#{Nope.X}: no action declares namespace \'Nope\'; action Build will fail with "An action in this pipeline failed because one or more variables could not be resolved"',
    ]);
    expect(c.loaded.warnings[0]!.position?.line).toBe(Number(valuePos(c.text, 'EnvironmentVariables').split(':')[0]));
  });

  it('docs/aws/codepipeline.md §4.3: a producer with the same runOrder cannot be referenced; a lower runOrder can', () => {
    const p = withConsumer(basePipeline(), 1);
    p.stages[1].actions[1].inputArtifacts = [{ name: 'SourceOutput' }];
    build(p).namespace = 'BuildVars';
    p.stages[1].actions[1].configuration.EnvironmentVariables = '[{"name":"V","value":"#{BuildVars.VERSION}"}]';
    const c = check(p);
    expectValid(c);
    expect(c.warnings[0]).toMatch(
      /^#\{BuildVars.VERSION\}: namespace 'BuildVars' belongs to action 'Build' in stage 'Build' \(runOrder 1\), which does not run before action Test/,
    );
    p.stages[1].actions[1].runOrder = 2;
    expect(check(p).warnings).toEqual([]);
  });

  it('docs/aws/codepipeline.md §4.2: a variable a source provider does not produce is a warning', () => {
    const p = basePipeline();
    build(p).configuration.EnvironmentVariables = '[{"name":"C","value":"#{SourceVariables.CommitID}"}]';
    expect(check(p).warnings).toEqual([
      "#{SourceVariables.CommitID}: a CodeStarSourceConnection action produces AuthorDate, BranchName, CommitId, CommitMessage, ConnectionArn, FullRepositoryName; 'CommitID' is not one of them",
    ]);
    build(p).configuration.EnvironmentVariables =
      '[{"name":"C","value":"#{SourceVariables.CommitId} #{codepipeline.PipelineExecutionId}"}]';
    expect(check(p).warnings).toEqual([]);
  });

  it('docs/aws/codepipeline.md §8.9: pipeline-level variables cannot be used in a source action', () => {
    const p = basePipeline();
    p.pipelineType = 'V2';
    p.variables = [{ name: 'branch', defaultValue: 'main' }];
    p.stages[0].actions[0].configuration.BranchName = '#{variables.branch}';
    const c = check(p);
    expect(c.located).toEqual([
      `${valuePos(c.text, 'BranchName')}: Action Src is a source action and cannot use pipeline-level variables (#{variables.branch} in configuration 'BranchName')`,
    ]);
    delete p.stages[0].actions[0].configuration.BranchName;
    p.stages[0].actions[0].configuration.BranchName = 'main';
    build(p).configuration.EnvironmentVariables = '[{"name":"B","value":"#{variables.branch}"}]';
    expectValid(check(p));
  });

  it('docs/aws/codepipeline.md §1.8: a variable without default is noted for run time; names follow the API pattern', () => {
    const p = basePipeline();
    p.pipelineType = 'V2';
    p.variables = [{ name: 'env' }, { name: 'bad name', defaultValue: 'x' }, { name: 'env', defaultValue: 'y' }];
    const c = check(p);
    expect(c.errors).toEqual([
      "1 validation error detected: Value 'bad name' at 'pipeline.variables.2.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9@\\-_]+",
      "Pipeline variable 'env' is declared more than once",
    ]);
    expect(c.warnings).toContain(
      "pipeline variable 'env' has no default value, so every execution must supply one (a start without it fails with a validation error)",
    );
  });

  it('docs/aws/codepipeline.md §1.6: pipeline variables on a V1 pipeline are accepted with a warning and run as V2', () => {
    const p = basePipeline();
    p.pipelineType = 'V1';
    p.variables = [{ name: 'env', defaultValue: 'dev' }];
    const c = check(p);
    expectValid(c);
    expect(c.warnings).toEqual([
      'pipeline variables are a V2 feature; codelocal runs this V1 pipeline as V2, as AWS upgrades it',
    ]);
    expect(c.loaded.pipelineType).toBe('V2');
  });

  it('docs/aws/codepipeline.md §4.1: a reference to an undeclared pipeline variable is a warning', () => {
    const p = basePipeline();
    p.pipelineType = 'V2';
    build(p).configuration.EnvironmentVariables = '[{"name":"B","value":"#{variables.nope}"}]';
    expect(check(p).warnings).toEqual([
      '#{variables.nope}: no pipeline-level variable \'nope\' is declared; action Build will fail with "An action in this pipeline failed because one or more variables could not be resolved"',
    ]);
  });
});
