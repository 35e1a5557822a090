/**
 * `codelocal build --local-aws`: the AWS CLI inside a plain build reaches the local stand-ins through
 * AWS_ENDPOINT_URL (issue: "Local AWS endpoints for builds"; docs/local-aws.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { runSpec, spec } from './harness.js';

describeDocker('build: local AWS endpoints', () => {
  it('STS, SSM (from the same stubs as env) and S3 over the local S3 folder answer the AWS CLI', async () => {
    const { build, log, state } = await runSpec(
      {
        'buildspec.yml': spec(`phases:
  build:
    commands:
      - echo "account=$(aws sts get-caller-identity --query Account --output text)"
      - echo "param=$(aws ssm get-parameter --name /app/p --query Parameter.Value --output text)"
      - aws s3 mb s3://local-bucket
      - echo hello > f.txt && aws s3 cp f.txt s3://local-bucket/dir/f.txt
`),
      },
      { localAws: true, parameters: { '/app/p': 'from-stub' } },
    );
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(log).toContain('account=123456789012');
    expect(log).toContain('param=from-stub');
    const object = join(state, 's3', 'local-bucket', 'dir', 'f.txt');
    expect(existsSync(object)).toBe(true);
    expect(readFileSync(object, 'utf8')).toBe('hello\n');
  });
});
