/**
 * Lint's values for template parameters without a Default (docs/lint.md, "Template parameters without a
 * Default"): they must let the template be checked, and nothing they produce may be reported as an error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/lint.js';
import { samplePattern } from '../../../src/lint/pattern-sample.js';
import { parameterPlaceholders } from '../../../src/lint/template-parameters.js';
import { parseYaml } from '../../../src/model/yaml-source.js';
import { noSettings } from './helpers.js';

function lintText(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-placeholders-'));
  writeFileSync(join(dir, name), text);
  return { dir, result: lint({ cwd: dir, paths: [name], settings: noSettings() }) };
}

const PROJECT = [
  '  Build:',
  '    Type: AWS::CodeBuild::Project',
  '    Properties:',
  '      ServiceRole: arn:aws:iam::123456789012:role/build',
  '      Artifacts: {Type: NO_ARTIFACTS}',
  '      Source: {Type: NO_SOURCE, BuildSpec: "version: 0.2\\nphases:\\n  build:\\n    commands: [make]\\n"}',
  '      Environment: {Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: aws/codebuild/standard:7.0}',
];

/** A pipeline's stages with nothing to check in them: a source and an approval. */
const TWO_STAGES = [
  '      Stages:',
  '        - Name: Source',
  '          Actions:',
  '            - Name: Src',
  '              ActionTypeId: {Category: Source, Owner: AWS, Provider: S3, Version: "1"}',
  '              Configuration: {S3Bucket: src, S3ObjectKey: src.zip}',
  '              OutputArtifacts: [{Name: Src}]',
  '        - Name: Approve',
  '          Actions:',
  '            - Name: Ok',
  '              ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}',
];

describe('samplePattern', () => {
  it('makes a value for the pattern shapes templates use, checked against the whole pattern', () => {
    const cases = [
      'arn:aws:codeconnections:[a-z0-9-]+:[0-9]{12}:connection/[a-f0-9-]+',
      '^(dev|staging|prod)$',
      '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})',
      '[^\\s@]+@[^\\s@]+\\.[^\\s@]+',
      '^[a-zA-Z][-a-zA-Z0-9]*$',
      '(?:[a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}',
      'https://github\\.com/.+/.+',
    ];
    for (const p of cases) {
      const v = samplePattern(p);
      expect(v, p).toBeDefined();
      expect(new RegExp(`^(?:${p})$`).test(v!), `${p} -> ${v}`).toBe(true);
    }
    expect(samplePattern('[0-9]{12}')).toMatch(/^\d{12}$/);
  });

  it('gives up (undefined) on what it cannot satisfy, and on patterns JavaScript cannot read', () => {
    expect(samplePattern('(v[0-9]+)-\\1')).toBeUndefined();
    expect(samplePattern('(?i)[a-z]+')).toBeUndefined();
    expect(samplePattern('[0-9]+', () => false)).toBeUndefined();
  });
});

describe('parameterPlaceholders', () => {
  const placeholders = (lines: string[], account?: string) =>
    parameterPlaceholders(parseYaml(lines.join('\n'), 't.yaml', { version: '1.1' }).source, account);

  it('an account field of an ARN in Fn::Sub, or an account-like name, gets the stack account', () => {
    const p = placeholders(
      [
        'Parameters:',
        '  Tools: {Type: String}',
        '  ProdAccountId: {Type: String}',
        '  Other: {Type: String, Description: "the 12-digit id of the audit account"}',
        '  Region: {Type: String}',
        'Resources:',
        '  P:',
        '    Type: AWS::CodePipeline::Pipeline',
        '    Properties:',
        '      Name: !Sub "arn:${AWS::Partition}:iam::${Tools}:role/x"',
        '      Other: !Sub "arn:aws:s3:${Region}::${Other}/x"',
      ],
      '444455556666',
    );
    expect(p).toEqual({
      Tools: '444455556666',
      ProdAccountId: '444455556666',
      Other: '444455556666',
      Region: 'placeholder',
    });
  });

  it('a list parameter has as many items as the largest Fn::Select index needs (at least 3)', () => {
    const p = placeholders([
      'Parameters:',
      '  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}',
      '  Zones: {Type: CommaDelimitedList, AllowedValues: [a, b]}',
      'Resources:',
      '  X: {Type: T, Properties: {A: !Select [5, !Ref Subnets], B: {"Fn::Select": [1, !Ref Zones]}}}',
    ]);
    expect(p.Subnets!.split(',')).toHaveLength(6);
    expect(p.Zones).toBe('a,a,a,a,a,a');
  });

  it('a pattern none of the fixed candidates fits gets a generated value', () => {
    const p = placeholders([
      'Parameters:',
      '  Conn: {Type: String, AllowedPattern: "arn:aws:x:[a-z]+:[0-9]{12}:c/[a-f0-9-]{8}"}',
    ]);
    expect(p.Conn).toMatch(/^arn:aws:x:[a-z]+:[0-9]{12}:c\/[a-f0-9-]{8}$/);
  });
});

describe('lint and its placeholders', () => {
  it("a finding whose value holds lint's placeholder is a note that says so, not an error", () => {
    const { result } = lintText(
      'pipe.yaml',
      [
        'Parameters:',
        '  Tools: {Type: String}',
        'Resources:',
        '  Pipe:',
        '    Type: AWS::CodePipeline::Pipeline',
        '    Properties:',
        '      RoleArn: !Join ["", ["arn:aws:iam::", !Ref Tools, ":role/pipe"]]',
        '      ArtifactStore: {Type: S3, Location: artifacts}',
        ...TWO_STAGES,
      ].join('\n'),
    );
    const hits = result.findings.filter((f) => f.message.includes('arn:aws:iam::placeholder:role/pipe'));
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.severity).toBe('info');
      expect(h.message).toContain("lint's placeholder for parameter Tools");
      expect(h.message).toContain('--parameter-overrides Tools=VALUE');
    }
    expect(result.counts.error).toBe(0);
  });

  it('a value that is invalid whatever the placeholder stays an error', () => {
    const { result } = lintText(
      'pipe.yaml',
      [
        'Parameters:',
        '  Prefix: {Type: String, Default: MY_PREFIX}',
        '  Model: {Type: String}',
        'Resources:',
        '  Pipe:',
        '    Type: AWS::CodePipeline::Pipeline',
        '    Properties:',
        '      RoleArn: arn:aws:iam::123456789012:role/pipe',
        '      ArtifactStore: {Type: S3, Location: !Sub "${Prefix}-${Model}"}',
        ...TWO_STAGES,
      ].join('\n'),
    );
    const f = result.findings.find((x) => x.message.includes("'MY_PREFIX-placeholder'"));
    expect(f?.severity).toBe('error');
    expect(f?.message).not.toContain("lint's placeholder");
  });

  it('a required parameter lint cannot satisfy is reported, never "no problems"', () => {
    const { result } = lintText(
      't.yaml',
      ['Parameters:', '  Tag: {Type: String, AllowedPattern: "(v[0-9]+)-\\\\1"}', 'Resources:', ...PROJECT].join('\n'),
    );
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([['template-warning', 'warning', 2]]);
    expect(result.findings[0]!.message).toMatch(/^template not checked: parameter 'Tag' has no Default/);
  });

  it('a Java-only AllowedPattern is a note, not a crash', () => {
    const { result } = lintText(
      't.yaml',
      ['Parameters:', '  Env: {Type: String, AllowedPattern: "(?i)[a-z]+"}', 'Resources:', ...PROJECT].join('\n'),
    );
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['template-warning', 'info', "parameter 'Env' AllowedPattern (?i)[a-z]+ is not checked locally"],
    ]);
  });

  it('messages name files as the user gave them, not by their absolute path', () => {
    const { dir, result } = lintText('mlops.yaml', ['Resources:', ...PROJECT, '      Name: [a, b]'].join('\n'));
    const f = result.findings.find((x) => x.ruleId === 'project-invalid');
    expect(f?.file).toBe('mlops.yaml');
    expect(f?.message).not.toContain(dir);
    // The project is named by its logical id when its Name is unusable (docs/fidelity.md, unknown values).
    expect(f?.message).toContain("resource Build: 'name' must be a string");
  });
});

describe('lint and codelocal.yml imports (docs/config.md)', () => {
  it('an Fn::ImportValue with a value under imports: is known: no "no local value" warning', () => {
    const text = ['Resources:', ...PROJECT, '      Name: !ImportValue shared-BuildName'].join('\n');
    const unknown = (r: ReturnType<typeof lint>) => r.findings.filter((f) => f.message.includes('no local value'));
    expect(unknown(lintText('t.yaml', text).result)).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-imports-'));
    writeFileSync(join(dir, '.git'), '');
    writeFileSync(join(dir, 'codelocal.yml'), 'imports:\n  shared-BuildName: app-build\n');
    writeFileSync(join(dir, 't.yaml'), text);
    expect(unknown(lint({ cwd: dir, paths: ['t.yaml'] }))).toEqual([]);
  });
});
