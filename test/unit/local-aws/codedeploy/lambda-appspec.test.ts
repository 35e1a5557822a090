/** The Lambda AppSpec reader (docs/aws/codedeploy.md §8.1): YAML or JSON, keys in any case, errors located. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/errors.js';
import { lambdaAppSpecFile, readLambdaAppSpec } from '../../../../src/local-aws/codedeploy/lambda-appspec.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function revision(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-lambda-spec-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), text);
  return dir;
}

const YAML = `version: 0.0
Resources:
  - myFunction:
      Type: AWS::Lambda::Function
      Properties:
        Name: orders
        Alias: live
        CurrentVersion: 1
        TargetVersion: 2
Hooks:
  - BeforeAllowTraffic: checkBefore
  - AfterAllowTraffic: checkAfter
`;

describe('Lambda AppSpec (codedeploy.md §8.1)', () => {
  it('reads the function, alias, versions and hook functions', () => {
    const dir = revision('appspec.yml', YAML);
    const file = lambdaAppSpecFile(dir)!;
    expect(readLambdaAppSpec(file, 'Rev')).toEqual({
      file: 'Rev/appspec.yml',
      target: { resource: 'myFunction', name: 'orders', alias: 'live', currentVersion: '1', targetVersion: '2' },
      hooks: { BeforeAllowTraffic: 'checkBefore', AfterAllowTraffic: 'checkAfter' },
    });
  });

  it('codedeploy.md §8.1: lower-case keys (as the docs write them) and JSON are read the same', () => {
    const json = JSON.stringify({
      version: 0.0,
      resources: [
        {
          fn: {
            type: 'AWS::Lambda::Function',
            properties: { name: 'orders', alias: 'live', currentversion: '3', targetversion: '4' },
          },
        },
      ],
    });
    const dir = revision('appspec.json', json);
    expect(readLambdaAppSpec(lambdaAppSpecFile(dir)!, 'Rev').target).toMatchObject({
      currentVersion: '3',
      targetVersion: '4',
    });
  });

  it('an EC2/on-premises appspec is not taken for a Lambda one', () => {
    expect(lambdaAppSpecFile(revision('appspec.yml', 'version: 0.0\nos: linux\n'))).toBeUndefined();
  });

  it('reports what is missing or wrong at file:line:column', () => {
    const bad = YAML.replace('        TargetVersion: 2\n', '')
      .replace('CurrentVersion: 1', 'CurrentVersion: one')
      .replace('AfterAllowTraffic', 'AfterInstall');
    const dir = revision('appspec.yml', bad);
    try {
      readLambdaAppSpec(lambdaAppSpecFile(dir)!, 'Rev');
      throw new Error('expected a failure');
    } catch (e) {
      expect((e as ValidationError).problems.map((p) => p.describe())).toEqual([
        'Rev/appspec.yml:5:7: Properties needs TargetVersion',
        'Rev/appspec.yml:8:9: CurrentVersion must be a positive whole number, got "one"',
        'Rev/appspec.yml:11:5: "AfterInstall" is not a Lambda deployment hook (BeforeAllowTraffic, AfterAllowTraffic)',
      ]);
    }
  });
});
