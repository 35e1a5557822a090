/**
 * A plain build whose buildspec calls AWS fails on credentials or the endpoint: the hint points at
 * --local-aws (docs/local-aws.md), or, with an endpoint already set, at what it serves (issue 17).
 */
import { describe, expect, it } from 'vitest';
import { failureHint } from '../../../src/engine/codebuild/failure-hints.js';

const outputs = [
  'Unable to locate credentials. You can configure credentials by running "aws configure".',
  'CredentialsProviderError: Could not load credentials from any providers',
  'botocore.exceptions.NoCredentialsError: Unable to locate credentials',
  'Could not connect to the endpoint URL: "https://sts.us-east-1.amazonaws.com/"',
  'An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.',
];

describe('AWS calls without credentials', () => {
  it.each(outputs)('%s → --local-aws', (output) => {
    expect(failureHint({ output, exitCode: 255 })).toMatch(/run it with --local-aws .*docs\/local-aws\.md/);
  });
  it('with an endpoint set: names what the local endpoint serves instead', () => {
    const hint = failureHint({ output: outputs[3], exitCode: 255, awsEndpoint: true })!;
    expect(hint).not.toMatch(/run it with --local-aws/);
    expect(hint).toMatch(/docs\/local-aws\.md/);
  });
  it('unrelated failures get no AWS hint', () => {
    expect(failureHint({ output: 'npm ERR! Test failed', exitCode: 1 })).toBeUndefined();
  });
});
