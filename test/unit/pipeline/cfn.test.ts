import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../../../src/errors.js';
import { loadPipeline, readPipeline } from '../../../src/model/pipeline.js';
import { checkFile, expectValid, fixture, writeTemp } from './helpers.js';

const yaml = (...lines: string[]) => lines.join('\n') + '\n';

/** A template with one pipeline whose Build action configuration is given by `config` lines. */
function template(config: string[], extra: string[] = []): string {
  return yaml(
    'Resources:',
    '  Pipeline:',
    '    Type: AWS::CodePipeline::Pipeline',
    '    Properties:',
    '      RoleArn: arn:aws:iam::123456789012:role/p',
    '      ArtifactStore: { Type: S3, Location: artifacts-bucket }',
    '      Stages:',
    '        - Name: Source',
    '          Actions:',
    '            - Name: Src',
    '              ActionTypeId: { Category: Source, Owner: AWS, Provider: S3, Version: 1 }',
    '              Configuration: { S3Bucket: in, S3ObjectKey: src.zip }',
    '              OutputArtifacts: [{ Name: SourceOutput }]',
    '        - Name: Build',
    '          Actions:',
    '            - Name: Build',
    '              ActionTypeId: { Category: Build, Owner: AWS, Provider: CodeBuild, Version: 1 }',
    '              InputArtifacts: [{ Name: SourceOutput }]',
    ...config.map((l) => `              ${l}`),
    ...extra,
  );
}

function check(text: string, options = {}) {
  return checkFile(writeTemp(text, 'yaml'), text, options);
}

describe('CloudFormation input (docs/aws/codepipeline.md §1.12, §8.31)', () => {
  it('docs/aws/codepipeline.md §8.31: a template and the equivalent get-pipeline JSON load to deep-equal declarations', () => {
    const fromTemplate = loadPipeline(fixture('cfn-roundtrip.yaml'));
    const fromJson = loadPipeline(fixture('cfn-roundtrip.json'));
    expect(fromTemplate.pipeline).toEqual(fromJson.pipeline);
    expect(fromTemplate.format).toBe('cloudformation');
    expect(fromJson.format).toBe('api');
  });

  it('docs/aws/codepipeline.md §1.12: CloudFormation-only properties are kept beside the declaration', () => {
    const loaded = loadPipeline(fixture('cfn-roundtrip.yaml'));
    expect(loaded.templateOnly).toEqual({
      disableInboundStageTransitions: [{ stageName: 'Approve', reason: 'wait for the release window' }],
      restartExecutionOnUpdate: true,
    });
    expect(loaded.pipeline).not.toHaveProperty('tags');
  });

  it('docs/aws/codepipeline.md §1.12: a Ref to a CodeBuild project gives its name and the project is loaded too', () => {
    const loaded = loadPipeline(fixture('cfn-roundtrip.yaml'));
    expect(loaded.pipeline.stages[1]!.actions[0]!.configuration.ProjectName).toBe('roundtrip-build');
    expect([...loaded.projects.keys()]).toEqual(['roundtrip-build']);
  });

  it('docs/aws/codepipeline.md §1.12: positions point into the template', () => {
    const file = fixture('cfn-roundtrip.yaml');
    const loaded = loadPipeline(file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('ProjectName: !Ref BuildProject')) + 1;
    expect(loaded.positions.get('stages/1/actions/0/configuration/ProjectName')).toMatchObject({ file, line });
    const storeLine = lines.findIndex((l) => l.includes('Location: !Ref ArtifactBucket')) + 1;
    expect(loaded.positions.get('artifactStores/us-east-1/location')).toMatchObject({ file, line: storeLine });
  });

  it('docs/aws/codepipeline.md §8.31: a Configuration value that is not a string is rejected with the CloudFormation message', () => {
    const c = check(
      template(['Configuration:', '  ProjectName: demo', '  EnvironmentVariables:', '    - { name: X, value: "1" }']),
    );
    expect(c.located).toEqual([
      '22:19: Value of property Configuration must be an object with String (or simple type) properties',
    ]);
  });

  it('docs/aws/codepipeline.md §1.12: numbers and booleans in Configuration are simple types and become strings', () => {
    const c = check(template(['Configuration: { ProjectName: demo, BatchEnabled: false, CombineArtifacts: 1 }']));
    expectValid(c);
    expect(c.loaded.pipeline.stages[1]!.actions[0]!.configuration).toEqual({
      ProjectName: 'demo',
      BatchEnabled: 'false',
      CombineArtifacts: '1',
    });
  });

  it('docs/aws/codepipeline.md §1.12: Configuration given as a JSON string is parsed', () => {
    const c = check(template([`Configuration: '{"ProjectName": "demo", "PrimarySource": "SourceOutput"}'`]));
    expectValid(c);
    expect(c.loaded.pipeline.stages[1]!.actions[0]!.configuration).toEqual({
      ProjectName: 'demo',
      PrimarySource: 'SourceOutput',
    });
  });

  it('docs/aws/codepipeline.md §6.1: a pipeline without Name gets the stable name Ref gives it', () => {
    const a = check(template(['Configuration: { ProjectName: demo }']));
    const b = check(template(['Configuration: { ProjectName: demo }']));
    expect(a.loaded.pipeline.name).toBe('Pipeline');
    expect(b.loaded.pipeline.name).toBe(a.loaded.pipeline.name);
  });

  it('docs/aws/codepipeline.md §1.12: validation messages point at template lines', () => {
    const c = check(template(['Configuration: { ProjectName: demo }', 'RunOrder: 0']));
    expect(c.located).toEqual([
      "20:25: 1 validation error detected: Value '0' at 'pipeline.stages.2.member.actions.1.member.runOrder' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ]);
  });

  it('parameter overrides reach the pipeline (Ref to a parameter)', () => {
    const text = yaml(
      'Parameters:',
      '  Branch: { Type: String, Default: main }',
      template(['Configuration: { ProjectName: demo }']).replace(
        'S3ObjectKey: src.zip',
        'S3ObjectKey: !Sub "${Branch}.zip"',
      ),
    );
    const file = writeTemp(text, 'yaml');
    expect(loadPipeline(file).pipeline.stages[0]!.actions[0]!.configuration.S3ObjectKey).toBe('main.zip');
    const over = loadPipeline(file, { parameterOverrides: { Branch: 'dev' } });
    expect(over.pipeline.stages[0]!.actions[0]!.configuration.S3ObjectKey).toBe('dev.zip');
  });

  it('file#LogicalId picks one of several pipelines; without it the choice is an error', () => {
    const one = template(['Configuration: { ProjectName: demo }']);
    const second = one.split('\n').slice(1).join('\n').replace('  Pipeline:', '  Other:');
    const file = writeTemp(one + second, 'yaml');
    expect(() => readPipeline(file)).toThrow(/defines 2 pipelines \(Pipeline, Other\); pick one with .*#<LogicalId>/);
    expect(loadPipeline(`${file}#Other`).logicalId).toBe('Other');
    expect(loadPipeline(file, { logicalId: 'Other' }).pipeline.name).toBe('Other');
    let err: unknown;
    try {
      readPipeline(`${file}#Pipelin`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(
      /'Pipelin' is not a resource of the template .*did you mean 'Pipeline'\?/,
    );
  });
});
