import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import {
  camelCaseKeys,
  loadTemplate,
  parseTemplate,
  toLowerCamel,
  type TemplateOptions,
} from '../../../src/model/cloudformation.js';
import { NotEvaluated } from '../../../src/model/not-evaluated.js';

const F = 't.yaml';
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/model/${name}`, import.meta.url));

/** Resolved properties of one resource of an inline template. */
function props(text: string, id = 'R', options: TemplateOptions = {}): any {
  return parseTemplate(text, F, options).resources.get(id)?.properties;
}

function problems(text: string, options: TemplateOptions = {}): string[] {
  try {
    parseTemplate(text, F, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems.map((p) => `${p.code} ${p.describe()}`);
  }
  throw new Error('expected the template to be rejected');
}

/** A template with one AWS::CodeBuild::Project `R` whose properties are `body` (indented 6). */
const res = (body: string, head = '') =>
  `${head}Resources:\n  R:\n    Type: AWS::CodeBuild::Project\n    Properties:\n${body
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}\n`;

describe('cloudformation: parameters and pseudo parameters', () => {
  const head = 'Parameters:\n  Env:\n    Type: String\n    Default: dev\n    AllowedValues: [dev, prod]\n';

  it('docs/aws/codepipeline.md §6.3: Ref to a parameter gives its Default, or the override', () => {
    expect(props(res('Name: !Ref Env', head)).Name).toBe('dev');
    expect(props(res('Name: !Ref Env', head), 'R', { parameterOverrides: { Env: 'prod' } }).Name).toBe('prod');
    expect(parseTemplate(res('Name: x', head), F).parameters).toEqual({ Env: 'dev' });
  });

  it('docs/aws/codepipeline.md §6.3: AllowedValues are enforced, unknown overrides rejected', () => {
    expect(problems(res('Name: x', head), { parameterOverrides: { Env: 'qa' } })).toEqual([
      "TEMPLATE_PARAMETER t.yaml:2:3: parameter 'Env' value 'qa' is not one of: dev, prod",
    ]);
    expect(problems(res('Name: x', head), { parameterOverrides: { Evn: 'dev' } })).toEqual([
      "TEMPLATE_PARAMETER parameter 'Evn' was given but is not declared in t.yaml; did you mean 'Env'?",
    ]);
  });

  it('docs/aws/codepipeline.md §6.3: a parameter without Default and without a value is an error at its declaration', () => {
    expect(problems(res('Name: !Ref Repo', 'Parameters:\n  Repo:\n    Type: String\n'))).toEqual([
      "TEMPLATE_PARAMETER t.yaml:2:3: parameter 'Repo' has no Default and no value was given",
    ]);
  });

  it('docs/aws/codepipeline.md §6.3: CommaDelimitedList gives a trimmed list usable by Fn::Select and Fn::Join', () => {
    const head2 = 'Parameters:\n  L:\n    Type: CommaDelimitedList\n    Default: "a, b ,c"\n';
    const p = props(res('A: !Select [1, !Ref L]\nB: !Join ["|", !Ref L]\nC: !Ref L', head2));
    expect(p).toEqual({ A: 'b', B: 'a|b|c', C: ['a', 'b', 'c'] });
  });

  it('docs/aws/codepipeline.md §6.3: pseudo parameters come from the options (and partition from the region)', () => {
    const body = [
      'Region: !Ref AWS::Region',
      'Account: !Ref AWS::AccountId',
      'Stack: !Ref AWS::StackName',
      'StackId: !Ref AWS::StackId',
      'Partition: !Ref AWS::Partition',
      'Suffix: !Ref AWS::URLSuffix',
    ].join('\n');
    const p = props(res(body), 'R', { region: 'cn-north-1', accountId: '999988887777', stackName: 'demo' });
    expect(p).toMatchObject({
      Region: 'cn-north-1',
      Account: '999988887777',
      Stack: 'demo',
      Partition: 'aws-cn',
      Suffix: 'amazonaws.com.cn',
    });
    expect(p.StackId).toMatch(/^arn:aws-cn:cloudformation:cn-north-1:999988887777:stack\/demo\/[0-9a-f-]{36}$/);
    const d = props(res(body));
    expect([d.Region, d.Account, d.Stack, d.Partition, d.Suffix]).toEqual([
      'us-east-1',
      '123456789012',
      'codelocal',
      'aws',
      'amazonaws.com',
    ]);
  });
});

describe('cloudformation: conditions and AWS::NoValue', () => {
  const head = [
    'Parameters:',
    '  Env: { Type: String, Default: dev }',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    '  IsDev: !Not [!Condition IsProd]',
    '  Both: !And [!Condition IsDev, !Equals [a, a]]',
    '  Either: !Or [!Condition IsProd, { Condition: IsDev }]',
    '  Long: { "Fn::Equals": [{ "Ref": "Env" }, "dev"] }',
    '',
  ].join('\n');

  it('docs/aws/codepipeline.md §6.3: Fn::Equals/Not/And/Or/Condition drive Fn::If', () => {
    const body = [
      'A: !If [IsProd, p, d]',
      'B: !If [IsDev, yes-dev, nope]',
      'C: !If [Both, both, nope]',
      'D: !If [Either, either, nope]',
      'E: !If [Long, long, nope]',
    ].join('\n');
    expect(props(res(body, head))).toEqual({ A: 'd', B: 'yes-dev', C: 'both', D: 'either', E: 'long' });
    expect(props(res(body, head), 'R', { parameterOverrides: { Env: 'prod' } })).toEqual({
      A: 'p',
      B: 'nope',
      C: 'nope',
      D: 'either',
      E: 'nope',
    });
  });

  it('docs/aws/codepipeline.md §6.3: Ref AWS::NoValue removes the property and list items', () => {
    const body = [
      'Keep: 1',
      'Gone: !If [IsProd, x, !Ref AWS::NoValue]',
      'List:',
      '  - first',
      '  - !If [IsProd, x, !Ref AWS::NoValue]',
      '  - third',
    ].join('\n');
    expect(props(res(body, head))).toEqual({ Keep: 1, List: ['first', 'third'] });
  });

  it('docs/aws/codepipeline.md §6.3: a resource whose Condition is false is left out', () => {
    const t = `${head}Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Condition: IsProd\n  B:\n    Type: AWS::SNS::Topic\n`;
    expect([...parseTemplate(t, F).resources.keys()]).toEqual(['B']);
    expect([...parseTemplate(t, F, { parameterOverrides: { Env: 'prod' } }).resources.keys()]).toEqual(['A', 'B']);
  });

  it('an unknown condition name is an error with a suggestion and a position', () => {
    expect(problems(res('A: !If [IsProdd, a, b]', head))).toEqual([
      "TEMPLATE_REF t.yaml:13:15: unknown condition 'IsProdd'; did you mean 'IsProd'?",
    ]);
  });
});

describe('cloudformation: Ref and Fn::GetAtt on resources', () => {
  const t = [
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties: { Path: /ci/ }',
    '  NamedRole:',
    '    Type: AWS::IAM::Role',
    '    Properties: { RoleName: deployer }',
    '  Bucket:',
    '    Type: AWS::S3::Bucket',
    '  NamedBucket:',
    '    Type: AWS::S3::Bucket',
    '    Properties: { BucketName: my-artifacts }',
    '  Proj:',
    '    Type: AWS::CodeBuild::Project',
    '  NamedProj:',
    '    Type: AWS::CodeBuild::Project',
    '    Properties: { Name: !Sub "${AWS::StackName}-build" }',
    '  Pipe:',
    '    Type: AWS::CodePipeline::Pipeline',
    '    Properties: { Name: main-pipeline }',
    '  Fn:',
    '    Type: AWS::Lambda::Function',
    '  Thing:',
    '    Type: AWS::Custom::Thing',
    '  Out:',
    '    Type: AWS::SNS::Topic',
    '    Properties:',
    '      Refs: [!Ref Role, !Ref NamedRole, !Ref Bucket, !Ref NamedBucket, !Ref Proj, !Ref NamedProj, !Ref Pipe]',
    '      RoleArn: !GetAtt Role.Arn',
    '      NamedRoleArn: !GetAtt [NamedRole, Arn]',
    '      BucketArn: !GetAtt NamedBucket.Arn',
    '      BucketDomain: { "Fn::GetAtt": ["NamedBucket", "RegionalDomainName"] }',
    '      ProjArn: !GetAtt NamedProj.Arn',
    '      PipeVersion: !GetAtt Pipe.Version',
    '      FnArn: !GetAtt Fn.Arn',
    '      Weird: !GetAtt Thing.Endpoint.Address',
  ].join('\n');

  it('docs/aws/codepipeline.md §6.2/§6.1: Ref gives the physical id (Name property, else logical id; buckets generated lowercase)', () => {
    const [role, namedRole, bucket, namedBucket, proj, namedProj, pipe] = props(t, 'Out').Refs;
    expect([role, namedRole, namedBucket, proj, namedProj, pipe]).toEqual([
      'Role',
      'deployer',
      'my-artifacts',
      'Proj',
      'codelocal-build',
      'main-pipeline',
    ]);
    expect(bucket).toMatch(/^codelocal-bucket-[0-9a-f]{12}$/);
    expect(props(t, 'Out', { stackName: 'demo' }).Refs[2]).toMatch(/^demo-bucket-/);
  });

  it('docs/aws/codepipeline.md §6.3: Fn::GetAtt builds ARNs from account/region (dotted and list forms)', () => {
    const p = props(t, 'Out', { accountId: '111122223333', region: 'eu-west-1' });
    expect(p).toMatchObject({
      RoleArn: 'arn:aws:iam::111122223333:role/ci/Role',
      NamedRoleArn: 'arn:aws:iam::111122223333:role/deployer',
      BucketArn: 'arn:aws:s3:::my-artifacts',
      BucketDomain: 'my-artifacts.s3.eu-west-1.amazonaws.com',
      ProjArn: 'arn:aws:codebuild:eu-west-1:111122223333:project/codelocal-build',
      PipeVersion: '1',
      FnArn: 'arn:aws:lambda:eu-west-1:111122223333:function:Fn',
    });
  });

  it('an unknown attribute gives a placeholder and a warning, not a failure', () => {
    const tpl = parseTemplate(t, F);
    expect(tpl.resources.get('Out')!.properties.Weird).toBe('<GetAtt Thing.Endpoint.Address>');
    expect(tpl.warnings).toEqual([
      {
        message: 'Fn::GetAtt Thing.Endpoint.Address is not known for AWS::Custom::Thing; using a placeholder',
        pos: { file: F, line: 36, column: 14 },
      },
    ]);
  });

  it('Ref to an unknown name is an error with position and suggestion', () => {
    expect(
      problems(res('ServiceRole: !Ref BuildRol', 'Parameters:\n  BuildRole: { Type: String, Default: r }\n')),
    ).toEqual([
      "TEMPLATE_REF t.yaml:7:20: unresolved reference 'BuildRol': not a parameter, pseudo parameter or resource; did you mean 'BuildRole'?",
    ]);
  });
});

describe('cloudformation: other intrinsics', () => {
  it('docs/aws/codepipeline.md §6.3: Fn::Sub string form, ${!Literal} escape, ${Res.Attr}, and #{ns.var} left alone', () => {
    const t = [
      'Resources:',
      '  B:',
      '    Type: AWS::S3::Bucket',
      '    Properties: { BucketName: bkt }',
      '  R:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      A: !Sub "s3://${B}/${AWS::Region}/${!NotAVar}/#{SourceVariables.CommitId}"',
      '      Arn: !Sub ${B.Arn}',
      '      Long: { "Fn::Sub": "${AWS::AccountId}-#{codepipeline.PipelineExecutionId}" }',
    ].join('\n');
    expect(props(t)).toEqual({
      A: 's3://bkt/us-east-1/${NotAVar}/#{SourceVariables.CommitId}',
      Arn: 'arn:aws:s3:::bkt',
      Long: '123456789012-#{codepipeline.PipelineExecutionId}',
    });
  });

  it('docs/aws/codepipeline.md §6.3: Fn::Sub [string, map] form; map variables shadow parameters', () => {
    const head = 'Parameters:\n  Env: { Type: String, Default: dev }\n';
    expect(props(res('N: !Sub ["${Env}-${Suffix}-${AWS::Region}", { Suffix: !Ref Env, Env: over }]', head)).N).toBe(
      'over-dev-us-east-1',
    );
  });

  it('docs/aws/codepipeline.md §6.3: Fn::Join, Fn::Split, Fn::Select, Fn::FindInMap, Fn::Base64, Fn::GetAZs', () => {
    const head = 'Mappings:\n  Sizes:\n    dev: { compute: SMALL }\n';
    const body = [
      'Join: !Join ["-", [a, !Ref AWS::Region, 3]]',
      'Split: !Split [",", "x,y,z"]',
      'Select: !Select ["2", !Split [",", "x,y,z"]]',
      'Find: !FindInMap [Sizes, dev, compute]',
      'B64: !Base64 "hello"',
      'AZ: !Select [0, !GetAZs ""]',
      'AZs: { "Fn::GetAZs": "eu-west-2" }',
    ].join('\n');
    expect(props(res(body, head))).toEqual({
      Join: 'a-us-east-1-3',
      Split: ['x', 'y', 'z'],
      Select: 'z',
      Find: 'SMALL',
      B64: 'aGVsbG8=',
      AZ: 'us-east-1a',
      AZs: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
    });
  });

  it('docs/aws/codepipeline.md §6.3: Fn::ImportValue uses the given exports, else a placeholder and a warning', () => {
    const t = res('V: !ImportValue shared-vpc');
    expect(props(t, 'R', { imports: { 'shared-vpc': 'vpc-123' } }).V).toBe('vpc-123');
    const tpl = parseTemplate(t, F);
    expect(String(tpl.resources.get('R')!.properties.V)).toBe('<not evaluated locally: Fn::ImportValue shared-vpc>');
    expect(tpl.warnings.map((w) => w.message)).toEqual([
      "Fn::ImportValue 'shared-vpc' has no local value (imports: in codelocal.yml gives one): it is unknown here, and only what needs it fails",
    ]);
  });

  it('!ImportValue over a long-form Fn::Sub evaluates the Sub first (issue 11)', () => {
    const t = res('V: !ImportValue\n        Fn::Sub: ${AWS::Region}-vpc');
    expect(props(t, 'R', { imports: { 'us-east-1-vpc': 'vpc-9' } }).V).toBe('vpc-9');
  });

  it('docs/aws/codepipeline.md §6.3: Fn::GetArtifactAtt / Fn::GetParam are left as written', () => {
    const body = [
      'Params: { "Fn::GetParam": [Build, config.json, Key] }',
      'Att: { "Fn::GetArtifactAtt": [Build, ObjectKey] }',
    ].join('\n');
    const tpl = parseTemplate(res(body), F);
    expect(tpl.resources.get('R')!.properties).toEqual({
      Params: { 'Fn::GetParam': ['Build', 'config.json', 'Key'] },
      Att: { 'Fn::GetArtifactAtt': ['Build', 'ObjectKey'] },
    });
    expect(tpl.warnings).toEqual([]);
  });
});

describe('cloudformation: dynamic references (docs/fidelity.md, issue 11)', () => {
  const stubs: Record<string, string> = { '/ci/env': 'prod', '/ci/role': 'deployer', gh: 'never-asked' };
  const ssmParameter = (n: string) => stubs[n];

  it('an ssm reference takes the stub value, whole, embedded or built with !Sub, with or without a version', () => {
    const body = [
      'A: "{{resolve:ssm:/ci/env:3}}"',
      'B: "arn:aws:iam::123456789012:role/{{resolve:ssm:/ci/role}}"',
      'C: !Sub "${AWS::Region}-{{resolve:ssm:/ci/${Env}}}"',
    ].join('\n');
    const head = 'Parameters:\n  Env:\n    Type: String\n    Default: env\n';
    const tpl = parseTemplate(res(body, head), F, { ssmParameter });
    expect(tpl.resources.get('R')!.properties).toEqual({
      A: 'prod',
      B: 'arn:aws:iam::123456789012:role/deployer',
      C: 'us-east-1-prod',
    });
    expect(tpl.warnings).toEqual([]);
  });

  it('a reference no stub answers makes the whole value unknown, with a warning at its line', () => {
    const tpl = parseTemplate(res('A: "x-{{resolve:ssm:/ci/env}}-{{resolve:ssm:/ci/missing:2}}"'), F, {
      ssmParameter,
    });
    const a = tpl.resources.get('R')!.properties.A;
    expect(a).toBeInstanceOf(NotEvaluated);
    expect(String(a)).toBe('<not evaluated locally: dynamic reference {{resolve:ssm:/ci/missing:2}}>');
    expect(tpl.warnings.map((w) => `${w.pos?.line}: ${w.message}`)).toEqual([
      "5: dynamic reference {{resolve:ssm:/ci/missing:2}} has no local value (no String parameter stub '/ci/missing'): it is unknown here, and only what needs it fails",
    ]);
  });

  it('secretsmanager and ssm-secure references stay unknown even when a lookup would answer', () => {
    const body = ['S: "{{resolve:secretsmanager:gh:SecretString:token}}"', 'P: "{{resolve:ssm-secure:gh:1}}"'].join(
      '\n',
    );
    const p = parseTemplate(res(body), F, { ssmParameter }).resources.get('R')!.properties;
    expect(String(p.S)).toBe(
      '<not evaluated locally: dynamic reference {{resolve:secretsmanager:gh:SecretString:token}}>',
    );
    expect(String(p.P)).toBe('<not evaluated locally: dynamic reference {{resolve:ssm-secure:gh:1}}>');
  });

  it('a project Name from an import is its logical id for !Ref, said once', () => {
    const text = [
      'Resources:',
      '  P:',
      '    Type: AWS::CodeBuild::Project',
      '    Properties:',
      '      Name: !Join ["-", [build, !ImportValue shared-Name]]',
      '  Q:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      DisplayName: !Ref P',
    ].join('\n');
    const tpl = parseTemplate(text, F);
    expect(tpl.resources.get('Q')!.properties.DisplayName).toBe('P');
    expect(tpl.warnings.filter((w) => w.message.includes('its logical id')).length).toBe(1);
  });

  it('a badly shaped intrinsic is an error at the function', () => {
    expect(problems(res('A: !Join [only-one]'))).toEqual([
      'TEMPLATE_INTRINSIC t.yaml:5:10: Fn::Join expects a list of 2 values',
    ]);
    expect(problems(res('A: !Select [5, [a, b]]'))).toEqual([
      'TEMPLATE_INTRINSIC t.yaml:5:10: Fn::Select index 5 is out of range (2 values)',
    ]);
    expect(problems(res('A: !FindInMap [M, a, b]'))).toEqual([
      'TEMPLATE_REF t.yaml:5:10: Fn::FindInMap: no value for [M, a, b] in Mappings',
    ]);
  });

  it('a FindInMap keyed by the account id or region codelocal uses names where to set the real one', () => {
    const map = 'Mappings:\n  Accounts:\n    "111122223333": {Env: prod}\n';
    expect(
      problems(res('A: !FindInMap [Accounts, !Ref AWS::AccountId, Env]', map), { accountId: '123456789012' }),
    ).toEqual([
      'TEMPLATE_REF t.yaml:8:10: Fn::FindInMap: no value for [Accounts, 123456789012, Env] in Mappings (123456789012 is the account id codelocal uses here: set the one the stack deploys to with --account-id; pipeline plan and run, build and lint also take accountId: from codelocal.yml)',
    ]);
    expect(
      props(res('A: !FindInMap [Accounts, !Ref AWS::AccountId, Env]', map), 'R', { accountId: '111122223333' }).A,
    ).toBe('prod');
  });

  it('Fn::Sub with an unknown variable, and Ref to a resource whose condition is false, are errors', () => {
    expect(problems(res('A: !Sub "x-${Missing}"'))).toEqual([
      "TEMPLATE_REF t.yaml:5:10: unresolved reference 'Missing': not a parameter, pseudo parameter or resource",
    ]);
    const t = [
      'Conditions:',
      '  Never: !Equals [a, b]',
      'Resources:',
      '  T:',
      '    Type: AWS::SNS::Topic',
      '    Condition: Never',
      '  R:',
      '    Type: AWS::SNS::Topic',
      '    Properties: { X: !Ref T }',
    ].join('\n');
    expect(problems(t)).toEqual(["TEMPLATE_REF t.yaml:9:22: 'T' is referenced but its condition 'Never' is false"]);
  });

  it('duplicate keys in a template: the last counts, with a warning, as in CloudFormation (issue 11)', () => {
    const t = parseTemplate('Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n', 't.yaml');
    expect(t.resources.get('A')?.type).toBe('AWS::SQS::Queue');
    expect(t.warnings).toEqual([
      {
        code: 'YAML_KEY_LAST_WINS',
        message: expect.stringContaining('duplicate key "A" (first defined at line 2): the last value counts'),
        pos: { file: 't.yaml', line: 4, column: 3 },
      },
    ]);
  });

  it('errors in several resources are all reported, in source order', () => {
    const t =
      'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: { X: !Ref Nope }\n  B:\n    Properties: {}\n';
    expect(problems(t)).toEqual([
      "TEMPLATE_REF t.yaml:4:22: unresolved reference 'Nope': not a parameter, pseudo parameter or resource",
      "TEMPLATE_INVALID t.yaml:5:3: resource 'B' needs a Type",
    ]);
  });
});

describe('cloudformation: positions and files', () => {
  it('positionOf maps template paths; resource.positionOf survives NoValue removal and Fn::If', () => {
    const tpl = loadTemplate(fixture('pipeline-template.yaml'), { parameterOverrides: { RepoName: 'app' } });
    const pipe = tpl.resources.get('Pipeline')!;
    expect(tpl.positionOf(['Resources', 'Pipeline', 'Properties', 'Stages', 1, 'Actions', 0, 'Name'])?.line).toBe(105);
    // The Notify action (index 1 in the template) is removed: resolved index 1 is the Test action.
    expect(pipe.properties.Stages[1].Actions.map((a: any) => a.Name)).toEqual(['Build', 'Test']);
    expect(pipe.positionOf(['Stages', 1, 'Actions', 1, 'Name'])).toEqual({
      file: fixture('pipeline-template.yaml'),
      line: 117,
      column: 21,
    });
    // A value produced by an intrinsic points at the intrinsic.
    expect(pipe.positionOf(['Stages', 1, 'Actions', 0, 'Configuration', 'ProjectName'])?.line).toBe(108);
    // Deeper than anything recorded: the nearest ancestor.
    expect(pipe.positionOf(['Stages', 1, 'Actions', 0, 'Configuration', 'ProjectName', 'x'])?.line).toBe(108);
  });

  it('positions inside a chosen Fn::If branch point into that branch', () => {
    const tpl = loadTemplate(fixture('pipeline-template.yaml'), {
      parameterOverrides: { RepoName: 'app', Env: 'prod' },
    });
    const pipe = tpl.resources.get('Pipeline')!;
    expect(pipe.properties.Stages[1].Actions.map((a: any) => a.Name)).toEqual(['Build', 'Notify', 'Test']);
    expect(pipe.positionOf(['Stages', 1, 'Actions', 1, 'Configuration', 'FunctionName'])?.line).toBe(115);
  });

  it('the pipeline fixture resolves: Sub keeps #{...} in a JSON string, Ref gives project names', () => {
    const tpl = loadTemplate(fixture('pipeline-template.yaml'), { parameterOverrides: { RepoName: 'app' } });
    const build = tpl.resources.get('Pipeline')!.properties.Stages[1].Actions[0].Configuration;
    expect(build.ProjectName).toBe('codelocal-build');
    expect(JSON.parse(build.EnvironmentVariables)).toEqual([
      { name: 'COMMIT', value: '#{SourceVariables.CommitId}', type: 'PLAINTEXT' },
      { name: 'REGION', value: 'us-east-1' },
    ]);
    expect(tpl.resources.get('Pipeline')!.properties.Stages[0].Actions[0].Configuration).toEqual({
      RepositoryName: 'app',
      BranchName: 'main',
      PollForSourceChanges: false,
    });
    expect(tpl.resources.has('ProdTopic')).toBe(false);
  });

  it('JSON templates resolve with positions', () => {
    const tpl = loadTemplate(fixture('template.json'));
    expect(tpl.resources.get('Only')!.properties.Environment.Image).toBe('aws/codebuild/standard:7.0');
    expect(tpl.positionOf(['Resources', 'Only', 'Properties', 'Environment', 'Image'])).toEqual({
      file: fixture('template.json'),
      line: 13,
      column: 20,
    });
  });

  it('a template without Resources is rejected', () => {
    expect(problems('Parameters: {}\n')).toEqual(['TEMPLATE_INVALID t.yaml:1:1: t.yaml has no Resources section']);
  });
});

describe('cloudformation: key conversion', () => {
  it('docs/aws/codepipeline.md §1.12: lower-camel-cases keys except inside Configuration', () => {
    const input = {
      RoleArn: 'r',
      Stages: [{ Name: 'S', Actions: [{ ActionTypeId: { Category: 'Build' }, Configuration: { ProjectName: 'p' } }] }],
    };
    expect(camelCaseKeys(input, ['Configuration'])).toEqual({
      roleArn: 'r',
      stages: [{ name: 'S', actions: [{ actionTypeId: { category: 'Build' }, configuration: { ProjectName: 'p' } }] }],
    });
  });

  it.each([
    ['RoleArn', 'roleArn'],
    ['S3Prefix', 's3Prefix'],
    ['KMSKeyId', 'kmsKeyId'],
    ['URL', 'url'],
    ['Id', 'id'],
    ['already', 'already'],
  ])('toLowerCamel(%s) = %s', (a, b) => {
    expect(toLowerCamel(a)).toBe(b);
  });
});
